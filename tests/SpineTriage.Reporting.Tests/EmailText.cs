using System.Net;
using System.Text.RegularExpressions;

namespace SpineTriage.Reporting.Tests;

/// <summary>What a reader sees, as one line of words: for finding a figure next to its label.</summary>
public static partial class EmailText
{
    /// <summary>The visible text of an HTML email: tags and the hidden preheader dropped, entities decoded, whitespace collapsed.</summary>
    public static string VisibleHtml(string html)
    {
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..];
        body = Preheader().Replace(body, " ");
        return Collapse(WebUtility.HtmlDecode(Tags().Replace(body, " ")));
    }

    /// <summary>The plain text with dot leaders, rules and line breaks reduced to single spaces.</summary>
    public static string Plain(string text) => Collapse(Leaders().Replace(text, " "));

    private static string Collapse(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("<div style=\"display:none[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex Preheader();

    [GeneratedRegex(@"\.{2,}|^[-=]{3,}$", RegexOptions.Multiline)]
    private static partial Regex Leaders();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
