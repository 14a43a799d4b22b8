using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting;

/// <summary>
/// Renders a summary as an email: a plain-text part and an HTML part with the same content, and the
/// trend chart (PNG) that the HTML shows inline through <c>cid:</c>. Referral ids and counts only:
/// <see cref="RegionSummary"/> carries no patient field or note, so none can be printed. Everything
/// the HTML prints is HTML-escaped.
/// </summary>
public sealed class SummaryEmailRenderer : ISummaryRenderer
{
    private readonly EmailOptions _options;

    /// <summary>Creates a renderer with the default settings.</summary>
    public SummaryEmailRenderer()
        : this(Options.Create(new EmailOptions()))
    {
    }

    /// <summary>Creates a renderer.</summary>
    /// <param name="options">The email settings (how many referral ids a list shows).</param>
    public SummaryEmailRenderer(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <inheritdoc />
    public SummaryEmail Render(RegionSummary summary, string periodKey, IReadOnlyList<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(periodKey);
        ArgumentNullException.ThrowIfNull(recipients);

        var content = SummaryEmailContent.From(summary, periodKey, _options.MaxReferralIdsPerList);
        var contentId = ChartContentId(summary.Region, periodKey);
        var chart = SummaryChart.RenderPng(summary);
        return new SummaryEmail(
            summary.Region,
            periodKey,
            recipients.ToArray(),
            content.Subject,
            SummaryTextWriter.Write(content),
            SummaryHtmlWriter.Write(content, "cid:" + contentId),
            chart,
            contentId);
    }

    /// <summary>
    /// The HTML with the chart inlined as a <c>data:</c> URI instead of <c>cid:</c>, for a browser
    /// (previews and screenshots); emails use <see cref="Render"/>.
    /// </summary>
    public string RenderHtmlForBrowser(RegionSummary summary, string periodKey)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(periodKey);
        var content = SummaryEmailContent.From(summary, periodKey, _options.MaxReferralIdsPerList);
        var dataUri = "data:image/png;base64," + Convert.ToBase64String(SummaryChart.RenderPng(summary));
        return SummaryHtmlWriter.Write(content, dataUri);
    }

    // Stable per region and period (the same email rendered twice is the same), and a valid RFC 5322
    // msg-id whatever the region is called: only hex digits of a hash before the '@'.
    internal static string ChartContentId(string region, string periodKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(region + "\n" + periodKey));
        return "trend-" + Convert.ToHexStringLower(hash, 0, 8) + "@spinetriage";
    }
}
