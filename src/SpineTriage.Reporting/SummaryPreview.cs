using System.Text;
using System.Text.Encodings.Web;
using MimeKit;

namespace SpineTriage.Reporting;

/// <summary>
/// A summary email as a page that a browser shows on its own: the email's HTML part with every inline
/// part it references through <c>cid:</c> (the chart) put in as a <c>data:</c> URI. Nothing else of
/// the email is changed, so the page is what a mail client shows.
/// </summary>
public static class SummaryPreview
{
    /// <summary>The HTML part of <paramref name="message"/> with its inline parts as <c>data:</c> URIs.</summary>
    /// <exception cref="ArgumentException">The message has no HTML part.</exception>
    public static string BrowserHtml(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = message.HtmlBody ?? throw new ArgumentException("The message has no HTML part.", nameof(message));
        foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => !string.IsNullOrEmpty(p.ContentId)))
        {
            if (part.Content is not { } content)
            {
                continue;
            }

            using var bytes = new MemoryStream();
            content.DecodeTo(bytes);
            var uri = "data:" + part.ContentType.MimeType + ";base64," + Convert.ToBase64String(bytes.ToArray());
            var cid = "cid:" + part.ContentId;

            // The renderer writes every attribute HTML-escaped; replace the reference as written either way.
            html = html.Replace(HtmlEncoder.Default.Encode(cid), uri, StringComparison.Ordinal).Replace(cid, uri, StringComparison.Ordinal);
        }

        return html;
    }

    /// <summary>
    /// Writes the browser page of the .eml file at <paramref name="emlPath"/> beside it (same name,
    /// <c>.html</c>) and returns its path.
    /// </summary>
    public static async Task<string> WriteBesideAsync(string emlPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(emlPath);
        using var message = await MimeMessage.LoadAsync(emlPath, cancellationToken).ConfigureAwait(false);
        var path = Path.ChangeExtension(emlPath, ".html");
        await File.WriteAllTextAsync(path, BrowserHtml(message), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken).ConfigureAwait(false);
        return path;
    }
}
