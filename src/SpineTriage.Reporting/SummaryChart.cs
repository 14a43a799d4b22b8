using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting;

/// <summary>
/// The summary's chart: postponed cases per category (Urgent, Elective) at the end of each trend day,
/// as stacked bars with the day's total on top, rendered to PNG with ScottPlot.
/// </summary>
/// <remarks>
/// No two labels overlap, whatever the number of days and the size: the date labels are laid out when
/// the axis is drawn, measured with its font (<see cref="DayTicks"/>), every n-th day ending today;
/// the totals are drawn only when the widest one fits the width of a day.
/// </remarks>
public static class SummaryChart
{
    /// <summary>The default width in pixels (shown at 640 px in the email: sharp on high-DPI screens).</summary>
    public const int DefaultWidth = 900;

    /// <summary>The default height in pixels.</summary>
    public const int DefaultHeight = 420;

    // The least space between two labels, in pixels.
    private const float LabelGap = 8;

    /// <summary>The Urgent series colour (amber); the email's legend uses the same.</summary>
    public const string UrgentColor = "#D97706";

    /// <summary>The Elective series colour (blue); the email's legend uses the same.</summary>
    public const string ElectiveColor = "#2563EB";

    /// <summary>The chart's title for a summary.</summary>
    public static string Title(RegionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return string.Create(CultureInfo.InvariantCulture,
            $"Postponed cases per day, {summary.Region}, last {summary.Trend.Count} days");
    }

    /// <summary>Renders the chart of a summary's trend as PNG bytes.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static byte[] RenderPng(RegionSummary summary, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return RenderPng(summary.Trend, Title(summary), width, height);
    }

    /// <summary>Renders postponed cases per category over the given days as PNG bytes.</summary>
    /// <param name="trend">The days, oldest first.</param>
    /// <param name="title">The chart title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static byte[] RenderPng(IReadOnlyList<TrendPoint> trend, string title, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(trend);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);

        using var chart = Prepare(trend, title ?? "", width, height);
        return chart.Plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Where the chart of <paramref name="trend"/> draws its text labels, in pixels of the image.</summary>
    internal static ChartLayout Layout(IReadOnlyList<TrendPoint> trend, string title, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(trend);
        using var chart = Prepare(trend, title ?? "", width, height);
        var plot = chart.Plot;
        plot.RenderInMemory(width, height);
        var data = plot.RenderManager.LastRender.DataRect;
        using var paint = Paint.NewDisposablePaint();

        // Tick labels are drawn centred under their tick; total labels centred over their bar.
        var dates = new List<ChartLabel>();
        var dateStyle = plot.Axes.Bottom.TickLabelStyle;
        foreach (var tick in plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor && !string.IsNullOrEmpty(t.Label)))
        {
            var x = plot.GetPixel(new Coordinates(tick.Position, 0)).X;
            var size = dateStyle.Measure(tick.Label, paint);
            dates.Add(new ChartLabel(tick.Label, x - (size.Width / 2), data.Bottom, x + (size.Width / 2), data.Bottom + size.Height));
        }

        var totals = new List<ChartLabel>();
        foreach (var bar in chart.Totals.Bars.Where(b => !string.IsNullOrEmpty(b.Label)))
        {
            var top = plot.GetPixel(new Coordinates(bar.Position, bar.Value));
            var size = chart.Totals.ValueLabelStyle.Measure(bar.Label, paint);
            totals.Add(new ChartLabel(bar.Label, top.X - (size.Width / 2), top.Y - bar.LabelOffset - size.Height, top.X + (size.Width / 2), top.Y - bar.LabelOffset));
        }

        return new ChartLayout(data.Left, data.Top, data.Right, data.Bottom, dates, totals);
    }

    // The plot with its labels laid out for this size: the totals go over the bars when the widest fits a day's width.
    private static Chart Prepare(IReadOnlyList<TrendPoint> trend, string title, int width, int height)
    {
        var chart = Build(trend, title);
        if (trend.Count == 0)
        {
            return chart;
        }

        // The data area does not depend on the totals: lay out once without them to learn a day's width.
        chart.Plot.RenderInMemory(width, height);
        var data = chart.Plot.RenderManager.LastRender.DataRect;
        var limits = chart.Plot.Axes.GetLimits();
        var dayWidth = data.Width / (limits.Right - limits.Left);
        using var paint = Paint.NewDisposablePaint();
        var widest = trend.Max(p => chart.Totals.ValueLabelStyle.Measure(Total(p), paint).Width);
        if (widest + LabelGap <= dayWidth)
        {
            foreach (var bar in chart.Totals.Bars)
            {
                bar.Label = Total(trend[(int)bar.Position]);
            }
        }

        return chart;
    }

    private static string Total(TrendPoint point) => point.Total.ToString(CultureInfo.InvariantCulture);

    // ScottPlot's own guess (Fonts.Sans) can be a serif family on Linux (e.g. "DejaVu Serif").
    private static readonly string[] PreferredFonts =
        ["Segoe UI", "Helvetica Neue", "Helvetica", "Arial", "Liberation Sans", "Noto Sans", "DejaVu Sans", "Open Sans"];

    private static readonly Lazy<string> SansFont = new(() =>
    {
        var installed = new HashSet<string>(SkiaSharp.SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
    });

    private static Chart Build(IReadOnlyList<TrendPoint> trend, string title)
    {
        var plot = new Plot();
        // Fonts first: setting them resets weights, so bold labels are set after this.
        plot.Font.Set(SansFont.Value);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E7EB");
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        plot.Axes.Color(Color.FromHex("#374151"));

        var urgentColor = Color.FromHex(UrgentColor);
        var electiveColor = Color.FromHex(ElectiveColor);
        var urgent = new List<Bar>(trend.Count);
        var elective = new List<Bar>(trend.Count);
        for (var i = 0; i < trend.Count; i++)
        {
            var point = trend[i];
            urgent.Add(new Bar
            {
                Position = i, ValueBase = 0, Value = point.Urgent, FillColor = urgentColor, LineWidth = 0, Size = 0.7,
            });
            // Stacked on the Urgent bar; it carries the day's total as its label when the totals fit (Prepare).
            elective.Add(new Bar
            {
                Position = i, ValueBase = point.Urgent, Value = point.Total, FillColor = electiveColor, LineWidth = 0, Size = 0.7,
            });
        }

        var urgentPlot = plot.Add.Bars(urgent);
        urgentPlot.LegendText = "Urgent";
        var electivePlot = plot.Add.Bars(elective);
        electivePlot.LegendText = "Elective";
        electivePlot.ValueLabelStyle.FontSize = 17;
        electivePlot.ValueLabelStyle.ForeColor = Color.FromHex("#111827");
        electivePlot.ValueLabelStyle.Bold = true;

        // Dates on the x axis: every n-th day ending today, n the least that fits the labels as measured.
        var days = trend.Select(p => p.Day.ToString("d MMM", CultureInfo.InvariantCulture)).ToList();
        plot.Axes.Bottom.TickGenerator = new DayTicks(days, LabelGap);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;

        // Today's label is always drawn, centred under the last bar: room on the right for its half.
        using (var paint = Paint.NewDisposablePaint())
        {
            var widest = days.Select(d => plot.Axes.Bottom.TickLabelStyle.Measure(d, paint).Width).DefaultIfEmpty(0).Max();
            plot.Axes.Right.MinimumSize = (widest / 2) + 4;
        }

        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickLabelStyle.FontSize = 16;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.Axes.Left.Label.Text = "Postponed cases";
        plot.Axes.Left.Label.FontSize = 17;
        plot.Axes.Left.Label.Bold = false;

        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 21;
        plot.Axes.Title.Label.ForeColor = Color.FromHex("#111827");

        var max = trend.Count == 0 ? 0 : trend.Max(p => p.Total);
        // Head room for the total labels and the legend; at least 0-4 so an empty chart has integer ticks.
        var top = Math.Max(4, Math.Ceiling(max * 1.25) + 1);
        plot.Axes.SetLimits(-0.6, Math.Max(trend.Count, 1) - 0.4, 0, top);

        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 17;
        plot.Legend.OutlineColor = Color.FromHex("#D1D5DB");
        plot.Legend.ShadowColor = Colors.Transparent;

        return new Chart(plot, electivePlot);
    }

    /// <summary>The plot and the series whose bars carry the day's total.</summary>
    private sealed record Chart(Plot Plot, ScottPlot.Plottables.BarPlot Totals) : IDisposable
    {
        public void Dispose() => Plot.Dispose();
    }
}

/// <summary>
/// The x axis's day labels, laid out each time the axis is drawn: measured with the axis's font at
/// its size, every n-th day ending with the last (today), n the least step at which the widest label
/// and a gap fit between two labelled days; a label that would reach past either end of the data area
/// is left out (the last one is kept).
/// </summary>
internal sealed class DayTicks(IReadOnlyList<string> labels, float gap) : ITickGenerator
{
    public Tick[] Ticks { get; set; } = [];

    public int MaxTickCount { get; set; } = 10_000;

    /// <summary>The step of the last layout (1: every day).</summary>
    public int Step { get; private set; } = 1;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        ArgumentNullException.ThrowIfNull(labelStyle);
        if (labels.Count == 0 || range.Span <= 0 || size.Length <= 0)
        {
            Ticks = [];
            return;
        }

        var widths = labels.Select(l => labelStyle.Measure(l, paint).Width).ToArray();
        var dayWidth = size.Length / range.Span;
        Step = Math.Max(1, (int)Math.Ceiling((widths.Max() + gap) / dayWidth));
        var ticks = new List<Tick>();
        for (var i = labels.Count - 1; i >= 0; i -= Step)
        {
            var centre = (i - range.Min) * dayWidth;
            var inside = centre - (widths[i] / 2) >= 0 && centre + (widths[i] / 2) <= size.Length;
            if (inside || i == labels.Count - 1)
            {
                ticks.Add(Tick.Major(i, labels[i]));
            }
        }

        ticks.Reverse();
        Ticks = [.. ticks];
    }
}

/// <summary>A text label of the chart and the rectangle it takes, in pixels.</summary>
internal sealed record ChartLabel(string Text, float Left, float Top, float Right, float Bottom)
{
    public bool Intersects(ChartLabel other) =>
        Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
}

/// <summary>The chart's data area and where its date labels (x axis) and total labels (over the bars) are drawn.</summary>
internal sealed record ChartLayout(
    float DataLeft, float DataTop, float DataRight, float DataBottom, IReadOnlyList<ChartLabel> DateLabels, IReadOnlyList<ChartLabel> TotalLabels);
