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

    // Up to 90 days ending on 24 Nov 2026, three-digit totals: the widest labels the chart can get.
    private static List<TrendPoint> Days(int count) =>
        Enumerable.Range(0, count).Select(i => new TrendPoint(new DateOnly(2026, 11, 24).AddDays(i - count + 1), 100 + i, 400 + (3 * i))).ToList();

    public static TheoryData<int, int> Sizes => new() { { SummaryChart.DefaultWidth, SummaryChart.DefaultHeight }, { 640, 300 }, { 200, 150 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DateLabels_From1To90Days_NoTwoOverlap_TodayAlwaysLabelled(int width, int height)
    {
        for (var days = 1; days <= 90; days++)
        {
            var layout = SummaryChart.Layout(Days(days), "t", width, height);
            var labels = layout.DateLabels;

            Assert.Equal("24 Nov", Assert.IsType<ChartLabel>(labels[^1]).Text);
            for (var i = 0; i < labels.Count; i++)
            {
                // Inside the image, and never under the value axis's labels (left of the data area).
                Assert.True(labels[i].Left >= layout.DataLeft - 0.5f && labels[i].Right <= width, $"{days} days at {width}x{height}: {labels[i]} outside");
                for (var j = i + 1; j < labels.Count; j++)
                {
                    Assert.False(labels[i].Intersects(labels[j]), $"{days} days at {width}x{height}: {labels[i]} overlaps {labels[j]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TotalLabels_From1To90Days_NoTwoOverlap(int width, int height)
    {
        for (var days = 1; days <= 90; days++)
        {
            var labels = SummaryChart.Layout(Days(days), "t", width, height).TotalLabels;

            for (var i = 0; i < labels.Count; i++)
            {
                for (var j = i + 1; j < labels.Count; j++)
                {
                    Assert.False(labels[i].Intersects(labels[j]), $"{days} days at {width}x{height}: {labels[i]} overlaps {labels[j]}");
                }
            }
        }
    }

    [Fact]
    public void TotalLabels_WhenTheyFit_EveryDayHasItsTotal()
    {
        var labels = SummaryChart.Layout(Days(14), "t").TotalLabels;

        Assert.Equal(Days(14).Select(p => p.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)), labels.Select(l => l.Text));
    }

    [Theory]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(90)]
    public void DateLabels_AsDrawn_EveryInkPixelUnderTheDataAreaIsInsideALabelRectangle(int days)
    {
        // The rectangles the layout reports are where the text is drawn: every dark pixel below the
        // data area (right of the value axis) falls inside one, and each one has ink.
        var layout = SummaryChart.Layout(Days(days), "t");
        using var bitmap = SKBitmap.Decode(SummaryChart.RenderPng(Days(days), "t"));
        var inked = new HashSet<ChartLabel>();
        for (var y = (int)Math.Ceiling(layout.DataBottom) + 3; y < bitmap.Height; y++)
        {
            for (var x = (int)Math.Ceiling(layout.DataLeft); x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Red > 200 && pixel.Green > 200 && pixel.Blue > 200)
                {
                    continue;
                }

                var label = layout.DateLabels.FirstOrDefault(l => x >= l.Left - 2 && x <= l.Right + 2);
                Assert.True(label is not null, $"{days} days: ink at ({x}, {y}) outside every date label");
                inked.Add(label);
            }
        }

        Assert.Equal(layout.DateLabels.Count, inked.Count);
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
