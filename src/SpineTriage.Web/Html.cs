using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace SpineTriage.Web;

/// <summary>
/// Builds HTML: markup written by this code (<see cref="Raw"/>) and everything else escaped
/// (<see cref="Text(string)"/>, <see cref="Attr"/>) with <see cref="HtmlEncoder.Default"/>: ids, reasons,
/// notes, names, query values alike.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _html = new();

    /// <summary>Markup written by this code: never a value from a request, a message or the store.</summary>
    public Html Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>A value, escaped.</summary>
    public Html Text(string? text)
    {
        _html.Append(Encode(text));
        return this;
    }

    /// <summary>A number.</summary>
    public Html Text(long number)
    {
        _html.Append(number.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>An attribute with an escaped value: <c> name="value"</c>.</summary>
    public Html Attr(string name, string? value)
    {
        _html.Append(' ').Append(name).Append("=\"").Append(Encode(value)).Append('"');
        return this;
    }

    /// <summary>An element with escaped text: <c>&lt;tag&gt;text&lt;/tag&gt;</c>.</summary>
    public Html Element(string tag, string? text, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            Attr("class", cssClass);
        }

        _html.Append('>').Append(Encode(text)).Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A time: <c>&lt;time datetime="…"&gt;2026-11-20 09:15 UTC&lt;/time&gt;</c>.</summary>
    public Html Time(DateTimeOffset when)
    {
        var utc = when.ToUniversalTime();
        return Raw("<time").Attr("datetime", utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Raw(">")
            .Text(utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Raw("</time>");
    }

    /// <summary>Escapes a value for HTML text or a quoted attribute.</summary>
    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? string.Empty : HtmlEncoder.Default.Encode(text);

    /// <inheritdoc />
    public override string ToString() => _html.ToString();
}
