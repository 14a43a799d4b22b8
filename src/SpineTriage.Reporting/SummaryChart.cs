using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SpineTriage.Core.Summaries;

namespace SpineTriage.Reporting;

/// <summary>
/// The summary's chart: postponed cases per category (Urgent, Elective) at the end of each trend day,
/// as stacked bars with the day's total on top, rendered to PNG with ScottPlot.
/// </summary>
public static class SummaryChart
{
    /// <summary>The default width in pixels (shown at 640 px in the email: sharp on high-DPI screens).</summary>
    public const int DefaultWidth = 900;

    /// <summary>The default height in pixels.</summary>
    public const int DefaultHeight = 420;

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

        using var plot = Build(trend, title ?? "");
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    // ScottPlot's own guess (Fonts.Sans) can be a serif family on Linux (e.g. "DejaVu Serif").
    private static readonly string[] PreferredFonts =
        ["Segoe UI", "Helvetica Neue", "Helvetica", "Arial", "Liberation Sans", "Noto Sans", "DejaVu Sans", "Open Sans"];

    private static readonly Lazy<string> SansFont = new(() =>
    {
        var installed = new HashSet<string>(SkiaSharp.SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
    });

    private static Plot Build(IReadOnlyList<TrendPoint> trend, string title)
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
            // Stacked on the Urgent bar; it carries the day's total as its label.
            elective.Add(new Bar
            {
                Position = i, ValueBase = point.Urgent, Value = point.Total, FillColor = electiveColor, LineWidth = 0, Size = 0.7,
                Label = point.Total.ToString(CultureInfo.InvariantCulture),
            });
        }

        var urgentPlot = plot.Add.Bars(urgent);
        urgentPlot.LegendText = "Urgent";
        var electivePlot = plot.Add.Bars(elective);
        electivePlot.LegendText = "Elective";
        electivePlot.ValueLabelStyle.FontSize = 17;
        electivePlot.ValueLabelStyle.ForeColor = Color.FromHex("#111827");
        electivePlot.ValueLabelStyle.Bold = true;

        // Dates on the x axis: every day when they fit, else every other day.
        var ticks = new NumericManual();
        var step = trend.Count <= 16 ? 1 : (int)Math.Ceiling(trend.Count / 16.0);
        for (var i = 0; i < trend.Count; i++)
        {
            if ((trend.Count - 1 - i) % step == 0)
            {
                ticks.AddMajor(i, trend[i].Day.ToString("d MMM", CultureInfo.InvariantCulture));
            }
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
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

        return plot;
    }
}
