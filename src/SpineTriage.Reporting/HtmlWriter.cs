using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace SpineTriage.Reporting;

/// <summary>
/// Markup written as is. Only the renderer's own constant markup and styles are wrapped in it;
/// everything else that reaches <see cref="HtmlWriter"/> is HTML-escaped.
/// </summary>
internal readonly record struct Markup(string Value);

/// <summary>
/// Builds HTML from interpolated strings whose literal parts are markup and whose holes are always
/// HTML-escaped (unless they are <see cref="Markup"/>): escaping is the default, not a habit.
/// </summary>
internal sealed class HtmlWriter
{
    internal StringBuilder Builder { get; } = new(16 * 1024);

    /// <summary>Appends the literal parts as markup and every hole HTML-escaped.</summary>
    public HtmlWriter Append([InterpolatedStringHandlerArgument("")] ref EscapingHandler handler)
    {
        _ = handler;
        return this;
    }

    public override string ToString() => Builder.ToString();

    /// <summary>The interpolated string handler of <see cref="Append"/>.</summary>
    [InterpolatedStringHandler]
    internal ref struct EscapingHandler
    {
        private readonly StringBuilder _builder;

        public EscapingHandler(int literalLength, int formattedCount, HtmlWriter writer)
        {
            _ = literalLength;
            _ = formattedCount;
            _builder = writer.Builder;
        }

        public readonly void AppendLiteral(string value) => _builder.Append(value);

        public readonly void AppendFormatted(Markup value) => _builder.Append(value.Value);

        public readonly void AppendFormatted(string? value) => _builder.Append(HtmlEncoder.Default.Encode(value ?? ""));

        public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, format: null);

        public readonly void AppendFormatted<T>(T value, string? format)
        {
            var text = value is IFormattable formattable
                ? formattable.ToString(format, CultureInfo.InvariantCulture)
                : value?.ToString();
            _builder.Append(HtmlEncoder.Default.Encode(text ?? ""));
        }
    }
}
