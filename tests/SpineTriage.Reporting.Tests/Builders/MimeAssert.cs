using MimeKit;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting.Tests.Builders;

public static class MimeAssert
{
    /// <summary>multipart/alternative(text/plain, multipart/related(text/html, image/png inline)) with the email's content.</summary>
    public static void SummaryStructure(MimeMessage message, SummaryEmail email)
    {
        Assert.Equal(email.Subject, message.Subject);
        Assert.Equal(email.To.Order(), message.To.Mailboxes.Select(m => m.Address).Order());

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(2, alternative.Count);
        var text = Assert.IsType<TextPart>(alternative[0]);
        Assert.True(text.IsPlain);
        Assert.Equal(Normalize(email.Text), Normalize(text.Text));

        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        Assert.Equal(2, related.Count);
        var html = Assert.IsType<TextPart>(related[0]);
        Assert.True(html.IsHtml);
        Assert.Same(html, related.Root);
        Assert.Equal(Normalize(email.Html), Normalize(html.Text));

        var image = Assert.IsType<MimePart>(related[1]);
        Assert.Equal("image/png", image.ContentType.MimeType);
        Assert.Equal(email.ChartContentId, image.ContentId);
        Assert.NotNull(image.ContentDisposition);
        Assert.Equal(ContentDisposition.Inline, image.ContentDisposition.Disposition);
        Assert.Contains("cid:" + image.ContentId, html.Text);
        using var png = new MemoryStream();
        Assert.NotNull(image.Content);
        image.Content.DecodeTo(png);
        Assert.Equal(email.ChartPng.ToArray(), png.ToArray());
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd();
}
