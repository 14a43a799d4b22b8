using System.Globalization;
using System.Text;

namespace SpineTriage.Reporting;

/// <summary>Lays out <see cref="SummaryEmailContent"/> as plain text (76 columns, for any mail client).</summary>
internal static class SummaryTextWriter
{
    private const int Width = 76;
    private const string Indent = "  ";

    public static string Write(SummaryEmailContent content)
    {
        var text = new StringBuilder(8 * 1024);
        text.AppendLine(content.Title);
        text.AppendLine(new string('=', Math.Min(Width, content.Title.Length)));
        if (content.StatusName is not null)
        {
            text.Append("Region status: ").AppendLine(content.StatusName);
        }
        else
        {
            Wrap(text, SummaryEmailContent.RollupNote, "");
        }

        Wrap(text, content.Timing, "");
        text.AppendLine();

        Section(text, "At a glance");
        var labelWidth = content.Headline.Max(f => f.Label.Length) + 2;
        foreach (var figure in content.Headline)
        {
            text.Append(Indent).Append(figure.Label.PadRight(labelWidth, '.'))
                .Append(figure.Value.ToString(CultureInfo.InvariantCulture).PadLeft(6, '.')).AppendLine();
        }

        text.AppendLine();
        Regions(text, content);
        Section(text, "Needs attention");
        foreach (var group in content.Attention)
        {
            text.Append(group.Title).Append(": ").Append(group.Count.ToString(CultureInfo.InvariantCulture)).AppendLine();
            Wrap(text, group.Explanation, Indent);
            if (group.Count == 0)
            {
                text.Append(Indent).AppendLine(SummaryEmailContent.None);
            }
            else
            {
                Wrap(text, string.Join(", ", group.Shown.Select(Item)), Indent);
                if (group.NotShown > 0)
                {
                    text.Append(Indent).Append("... and ").Append(group.NotShown.ToString(CultureInfo.InvariantCulture)).AppendLine(" more.");
                }
            }

            text.AppendLine();
        }

        Backlog(text, content);

        Section(text, SummaryEmailContent.ByCategoryTitle);
        var categoryWidth = Math.Max(10, content.Categories.Select(c => c.Category.Length).DefaultIfEmpty(0).Max() + 2);
        text.Append(Indent).Append("Category".PadRight(categoryWidth)).Append("Postponed  ").AppendLine("Guidance");
        foreach (var row in content.Categories)
        {
            text.Append(Indent).Append(row.Category.PadRight(categoryWidth))
                .Append(row.Postponed.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append("  ")
                .AppendLine(row.Recommendation);
        }

        text.AppendLine();
        Section(text, SummaryEmailContent.ByCriterionTitle);
        Wrap(text, SummaryEmailContent.ByCriterionNote, Indent);
        if (content.Criteria.Count == 0)
        {
            text.Append(Indent).AppendLine(SummaryEmailContent.None);
        }

        foreach (var row in content.Criteria)
        {
            var count = row.Postponed.ToString(CultureInfo.InvariantCulture).PadLeft(4);
            text.Append(Indent).Append(count).Append("  ").Append(row.Id);
            if (row.Category.Length > 0)
            {
                text.Append(" (").Append(row.Category).Append(')');
            }

            text.AppendLine();
            Wrap(text, row.Guidance, Indent + new string(' ', count.Length + 2));
        }

        text.AppendLine();
        Section(text, SummaryEmailContent.LongestWaitsTitle);
        Wrap(text, SummaryEmailContent.LongestWaitsNote, Indent);
        if (content.LongestWaits.Count == 0)
        {
            text.Append(Indent).AppendLine(SummaryEmailContent.None);
        }

        var idWidth = content.LongestWaits.Select(w => w.ReferralId.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var wait in content.LongestWaits)
        {
            text.Append(Indent).Append(wait.ReferralId.PadRight(idWidth)).AppendLine(SummaryEmailContent.Days(wait.Days).PadLeft(9));
        }

        text.AppendLine();
        Section(text, SummaryEmailContent.TrendTitle);
        Wrap(text, content.ChartTitle + ". " + SummaryEmailContent.TrendNote, Indent);
        text.Append(Indent).AppendLine("Day        Urgent  Elective   Total");
        foreach (var point in content.Trend)
        {
            text.Append(Indent).Append(SummaryEmailContent.FormatDay(point.Day).PadRight(9))
                .Append(point.Urgent.ToString(CultureInfo.InvariantCulture).PadLeft(8))
                .Append(point.Elective.ToString(CultureInfo.InvariantCulture).PadLeft(10))
                .Append(point.Total.ToString(CultureInfo.InvariantCulture).PadLeft(8)).AppendLine();
        }

        text.AppendLine();
        text.AppendLine("-- ");
        text.AppendLine(SummaryEmailContent.Footer);
        text.Append(SummaryEmailContent.Product).Append(", period ").AppendLine(content.PeriodKey);
        return text.ToString();
    }

    // The rollup's per-region table, short column names explained above it.
    private static void Regions(StringBuilder text, SummaryEmailContent content)
    {
        if (content.Regions.Count == 0)
        {
            return;
        }

        Section(text, SummaryEmailContent.ByRegionTitle);
        Wrap(text, SummaryEmailContent.ByRegionNote, Indent);
        Wrap(text, $"Review: awaiting review. Re-eval: {content.PastReevaluationLabel.ToLowerInvariant()}. Eligible: eligible to proceed. Longest: longest wait.", Indent);
        text.AppendLine();
        var regionWidth = content.Regions.Max(r => r.Region.Length) + 1;
        var statusWidth = Math.Max("Status".Length, content.Regions.Max(r => r.Status?.Length ?? 0)) + 1;
        var longestWidth = Math.Max("Longest".Length, content.Regions.Max(r => r.LongestWait.Length));
        text.Append(Indent).Append("Region".PadRight(regionWidth)).Append("Status".PadRight(statusWidth))
            .Append("Postponed  New  Review  Re-eval  Eligible  ").AppendLine("Longest".PadLeft(longestWidth));
        foreach (var row in content.Regions)
        {
            text.Append(Indent).Append(row.Region.PadRight(regionWidth)).Append((row.Status ?? "").PadRight(statusWidth))
                .Append(Number(row.Postponed, "Postponed")).Append("  ")
                .Append(Number(row.New, "New")).Append("  ")
                .Append(Number(row.AwaitingReview, "Review")).Append("  ")
                .Append(Number(row.PastReevaluation, "Re-eval")).Append("  ")
                .Append(Number(row.Eligible, "Eligible")).Append("  ")
                .AppendLine(row.LongestWait.PadLeft(longestWidth));
        }

        text.AppendLine();
    }

    private static string Number(int value, string header) => value.ToString(CultureInfo.InvariantCulture).PadLeft(header.Length);

    internal static string Item(ReferralItem item) => item.Note is { } note
        ? $"{item.ReferralId} ({note})"
        : item.ReferralId;

    private static void Backlog(StringBuilder text, SummaryEmailContent content)
    {
        var backlog = content.Backlog;
        Section(text, string.Create(CultureInfo.InvariantCulture, $"{SummaryEmailContent.BacklogTitle} ({backlog.Count})"));
        Wrap(text, SummaryEmailContent.BacklogNote, Indent);
        Wrap(text, backlog.Overview, Indent);
        text.AppendLine();

        var categoryWidth = backlog.ByCategory.Select(c => c.Key.Length).DefaultIfEmpty(0).Max() + 2;
        text.Append(Indent).Append("Category".PadRight(categoryWidth)).AppendLine("Awaiting review");
        foreach (var (category, count) in backlog.ByCategory)
        {
            text.Append(Indent).Append(category.PadRight(categoryWidth)).AppendLine(count.ToString(CultureInfo.InvariantCulture).PadLeft(15));
        }

        text.AppendLine();
        if (backlog.ByRegion.Count > 0)
        {
            var overLimit = "Over " + backlog.Limit;
            var regionWidth = Math.Max(8, backlog.ByRegion.Max(r => r.Region.Length) + 2);
            text.Append(Indent).Append("Region".PadRight(regionWidth)).Append("Awaiting review  ").Append(overLimit).AppendLine("  Longest waiting");
            foreach (var row in backlog.ByRegion)
            {
                text.Append(Indent).Append(row.Region.PadRight(regionWidth))
                    .Append(row.AwaitingReview.ToString(CultureInfo.InvariantCulture).PadLeft(15)).Append("  ")
                    .Append(row.OverLimit.ToString(CultureInfo.InvariantCulture).PadLeft(overLimit.Length)).Append("  ")
                    .AppendLine(row.Oldest);
            }

            text.AppendLine();
        }

        if (backlog.Count == 0)
        {
            text.Append(Indent).AppendLine(SummaryEmailContent.None);
        }

        var idWidth = backlog.Shown.Select(r => r.ReferralId.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var row in backlog.Shown)
        {
            text.Append(Indent).Append(row.ReferralId.PadRight(idWidth));
            if (row.Region is not null)
            {
                text.Append(row.Region).Append(", ");
            }

            text.Append(row.Category).Append(", ").Append(row.Disposition).Append(", ").Append(row.Waiting);
            if (row.OverLimit)
            {
                text.Append(" (over ").Append(backlog.Limit).Append(')');
            }

            text.AppendLine();
            Wrap(text, row.Criteria.Count == 0 ? "no criterion matched" : string.Join(", ", row.Criteria), Indent + new string(' ', idWidth));
        }

        if (backlog.NotShown > 0)
        {
            text.Append(Indent).Append("... and ").Append(backlog.NotShown.ToString(CultureInfo.InvariantCulture)).AppendLine(" more.");
        }

        text.AppendLine();
    }

    private static void Section(StringBuilder text, string title)
    {
        var upper = title.ToUpperInvariant();
        text.AppendLine(upper);
        text.AppendLine(new string('-', upper.Length));
    }

    // Word wrap at spaces; a word longer than the line (a long id) gets a line of its own.
    private static void Wrap(StringBuilder text, string paragraph, string indent)
    {
        var line = new StringBuilder(Width);
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && indent.Length + line.Length + 1 + word.Length > Width)
            {
                text.Append(indent).Append(line).AppendLine();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            text.Append(indent).Append(line).AppendLine();
        }
    }
}
