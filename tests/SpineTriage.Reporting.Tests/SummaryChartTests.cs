using SkiaSharp;
using SpineTriage.Core.Summaries;
using SpineTriage.Reporting.Tests.Builders;

namespace SpineTriage.Reporting.Tests;

public class SummaryChartTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void RenderPng_Summary_IsPngOfTheDefaultSize()
    {
        var png = SummaryChart.RenderPng(new SummaryBuilder().Build());

        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(SummaryChart.DefaultWidth, bitmap.Width);
        Assert.Equal(SummaryChart.DefaultHeight, bitmap.Height);
    }

    [Fact]
    public void RenderPng_GivenSize_IsThatSize()
    {
        using var bitmap = SKBitmap.Decode(SummaryChart.RenderPng(SummaryBuilder.Trend(), "t", 640, 300));
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(300, bitmap.Height);
    }

    [Fact]
    public void RenderPng_Summary_HasBarsOfBothCategoryColours()
    {
        using var bitmap = SKBitmap.Decode(SummaryChart.RenderPng(new SummaryBuilder().Build()));

        // Stacked bars: a large share of the plot is in each category's colour, not just the legend swatch.
        Assert.True(CountColour(bitmap, SummaryChart.UrgentColor) > 10_000);
        Assert.True(CountColour(bitmap, SummaryChart.ElectiveColor) > 10_000);
        Assert.True(DistinctColours(bitmap) > 20, "text and axes are drawn (anti-aliased), not only flat bars");
    }

    [Fact]
    public void RenderPng_MoreUrgentCases_MoreUrgentPixels()
    {
        var day = new DateOnly(2026, 11, 11);
        var few = Enumerable.Range(0, 14).Select(i => new TrendPoint(day.AddDays(i), 1, 8)).ToList();
        var many = Enumerable.Range(0, 14).Select(i => new TrendPoint(day.AddDays(i), 7, 2)).ToList();

        using var fewBitmap = SKBitmap.Decode(SummaryChart.RenderPng(few, "few"));
        using var manyBitmap = SKBitmap.Decode(SummaryChart.RenderPng(many, "many"));

        Assert.True(CountColour(manyBitmap, SummaryChart.UrgentColor) > 3 * CountColour(fewBitmap, SummaryChart.UrgentColor));
    }

    [Fact]
    public void RenderPng_NoPostponedCases_StillAChartWithoutBars()
    {
        var day = new DateOnly(2026, 11, 11);
        var empty = Enumerable.Range(0, 14).Select(i => new TrendPoint(day.AddDays(i), 0, 0)).ToList();

        var png = SummaryChart.RenderPng(empty, "empty");

        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        // Only the legend swatches carry the category colours.
        Assert.True(CountColour(bitmap, SummaryChart.UrgentColor) < 1_000);
        Assert.True(DistinctColours(bitmap) > 10);
    }

    [Fact]
    public void RenderPng_NoDays_DoesNotThrow()
    {
        var png = SummaryChart.RenderPng([], "nothing");
        Assert.Equal(PngSignature, png[..8]);
    }

    [Fact]
    public void Title_NamesRegionAndDays()
    {
        Assert.Equal("Postponed cases per day, north-east, last 14 days", SummaryChart.Title(new SummaryBuilder().Build()));
    }

    private static int CountColour(SKBitmap bitmap, string hex)
    {
        var target = SKColor.Parse(hex);
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (Math.Abs(pixel.Red - target.Red) <= 8 && Math.Abs(pixel.Green - target.Green) <= 8 && Math.Abs(pixel.Blue - target.Blue) <= 8)
            {
                count++;
            }
        }

        return count;
    }

    private static int DistinctColours(SKBitmap bitmap) => bitmap.Pixels.Distinct().Count();
}
