namespace SpineTriage.Reporting;

/// <summary>
/// Lays out <see cref="SummaryEmailContent"/> as an HTML email that common clients (Outlook, Gmail,
/// Apple Mail) render alike: table layout, inline CSS only, no external resources, no scripts,
/// 680 px wide at most, system fonts. Every value is HTML-escaped by <see cref="HtmlWriter"/>.
/// </summary>
internal static class SummaryHtmlWriter
{
    private const int ChartDisplayWidth = 632;

    private static readonly Markup Font = new("font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;");
    private static readonly Markup Mono = new("font-family:Consolas,'SFMono-Regular',Menlo,'Liberation Mono',monospace;");
    private static readonly Markup H2 = new("margin:0 0 4px 0;font-size:16px;line-height:22px;font-weight:600;color:#111827;");
    private static readonly Markup Note = new("margin:0 0 10px 0;font-size:13px;line-height:18px;color:#6b7280;");
    private static readonly Markup Th = new("padding:8px 10px;border-bottom:2px solid #d1d5db;font-size:12px;line-height:16px;font-weight:600;color:#4b5563;text-transform:uppercase;letter-spacing:0.03em;");
    private static readonly Markup Td = new("padding:8px 10px;border-bottom:1px solid #e5e7eb;font-size:14px;line-height:20px;color:#111827;vertical-align:top;");
    private static readonly Markup Chip = new("display:inline-block;margin:0 4px 4px 0;padding:2px 7px;border:1px solid #d1d5db;border-radius:4px;background-color:#f9fafb;font-size:13px;line-height:18px;color:#111827;white-space:nowrap;");

    public static string Write(SummaryEmailContent content, string chartSource)
    {
        var html = new HtmlWriter();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <meta name="supported-color-schemes" content="light">
            <title>{content.Subject}</title>
            </head>
            <body style="margin:0;padding:0;background-color:#f3f4f6;{Font}">
            <div style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:#f3f4f6;">{content.Preheader}</div>
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6" style="background-color:#f3f4f6;">
            <tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="680" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:680px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;border-collapse:separate;{Font}">

            """);

        Header(html, content);
        Headline(html, content);
        Regions(html, content);
        Attention(html, content);
        Backlog(html, content);
        Chart(html, content, chartSource);
        Categories(html, content);
        Criteria(html, content);
        LongestWaits(html, content);
        Footer(html, content);

        html.Append($"""
            </table>
            </td></tr>
            </table>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Header(HtmlWriter html, SummaryEmailContent content)
    {
        html.Append($"""
            <tr><td bgcolor="#0f2942" style="padding:22px 24px 20px 24px;background-color:#0f2942;border-radius:8px 8px 0 0;">
            <p style="margin:0 0 6px 0;font-size:12px;line-height:16px;font-weight:600;letter-spacing:0.08em;text-transform:uppercase;color:#9fb3c8;">{SummaryEmailContent.Product} · Scheduled summary</p>
            <h1 style="margin:0;font-size:22px;line-height:28px;font-weight:700;color:#ffffff;">{content.Title}</h1>
            </td></tr>
            <tr><td style="padding:14px 24px 0 24px;">
            """);
        if (content.StatusName is not null)
        {
            var (fore, back, border) = Colors(content.StatusTone);
            html.Append($"""<p style="margin:0 0 8px 0;font-size:14px;line-height:20px;color:#374151;">Region status <span style="display:inline-block;margin-left:6px;padding:2px 10px;border:1px solid {border};border-radius:999px;background-color:{back};color:{fore};font-size:13px;line-height:18px;font-weight:700;text-transform:uppercase;letter-spacing:0.04em;">{content.StatusName}</span></p>""");
        }
        else
        {
            html.Append($"""<p style="margin:0 0 8px 0;font-size:14px;line-height:20px;color:#374151;">{SummaryEmailContent.RollupNote}</p>""");
        }

        html.Append($"""
            <p style="margin:0;font-size:13px;line-height:18px;color:#6b7280;">{content.Timing}</p>
            </td></tr>

            """);
    }

    private static void Headline(HtmlWriter html, SummaryEmailContent content)
    {
        html.Append($"""
            <tr><td style="padding:18px 18px 6px 18px;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;border-spacing:6px 0;">
            <tr>
            """);
        var width = 100 / Math.Max(1, content.Headline.Count);
        foreach (var figure in content.Headline)
        {
            var (fore, back, border) = figure.Tone == Tone.Neutral ? ("#111827", "#f9fafb", "#e5e7eb") : Colors(figure.Tone);
            html.Append($"""
                <td width="{width}%" valign="top" bgcolor="{back}" style="width:{width}%;padding:12px 8px;border:1px solid {border};border-radius:6px;background-color:{back};text-align:center;">
                <div style="font-size:28px;line-height:32px;font-weight:700;color:{fore};">{figure.Value}</div>
                <div style="margin-top:4px;font-size:12px;line-height:16px;color:#4b5563;">{figure.Label}</div>
                </td>
                """);
        }

        html.Append($"""
            </tr>
            </table>
            </td></tr>

            """);
    }

    // The rollup's per-region table; compact cells so that seven columns fit 632 px.
    private static void Regions(HtmlWriter html, SummaryEmailContent content)
    {
        if (content.Regions.Count == 0)
        {
            return;
        }

        SectionStart(html, SummaryEmailContent.ByRegionTitle, SummaryEmailContent.ByRegionNote);
        html.Append($"""
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
            <tr><th align="left" style="{Th}padding:8px 6px;text-align:left;">Region</th><th align="right" style="{Th}padding:8px 6px;text-align:right;">Postponed</th><th align="right" style="{Th}padding:8px 6px;text-align:right;">New</th><th align="right" style="{Th}padding:8px 6px;text-align:right;">Awaiting review</th><th align="right" style="{Th}padding:8px 6px;text-align:right;">{content.PastReevaluationLabel}</th><th align="right" style="{Th}padding:8px 6px;text-align:right;">Eligible to proceed</th><th align="right" style="{Th}padding:8px 6px;text-align:right;">Longest wait</th></tr>

            """);
        foreach (var row in content.Regions)
        {
            var cell = new Markup(Td.Value + (row.IsTotal ? "padding:8px 6px;border-top:2px solid #d1d5db;font-weight:700;" : "padding:8px 6px;"));
            var review = row.AwaitingReviewOverLimit > 0 ? Colors(Tone.Alert).Fore : "#111827";
            var past = row.PastReevaluation > 0 ? Colors(Tone.Alert).Fore : "#111827";
            var eligible = row.Eligible > 0 ? Colors(Tone.Good).Fore : "#111827";
            html.Append($"""<tr><td style="{cell}">{row.Region}""");
            if (row.Status is not null)
            {
                var (fore, back, border) = Colors(row.StatusTone);
                html.Append($"""<div style="margin-top:2px;"><span style="display:inline-block;padding:0 6px;border:1px solid {border};border-radius:999px;background-color:{back};color:{fore};font-size:11px;line-height:16px;font-weight:700;text-transform:uppercase;letter-spacing:0.04em;">{row.Status}</span></div>""");
            }

            html.Append($"""
                </td><td align="right" style="{cell}text-align:right;font-weight:600;">{row.Postponed}</td><td align="right" style="{cell}text-align:right;">{row.New}</td><td align="right" style="{cell}text-align:right;color:{review};">{row.AwaitingReview}</td><td align="right" style="{cell}text-align:right;color:{past};">{row.PastReevaluation}</td><td align="right" style="{cell}text-align:right;color:{eligible};">{row.Eligible}</td><td align="right" style="{cell}text-align:right;white-space:nowrap;">{row.LongestWait}</td></tr>

                """);
        }

        TableEnd(html);
    }

    private static void Attention(HtmlWriter html, SummaryEmailContent content)
    {
        SectionStart(html, "Needs attention", null);
        foreach (var group in content.Attention)
        {
            var (fore, _, _) = group.Count == 0 ? ("#6b7280", "", "") : Colors(group.Tone);
            var bar = group.Count == 0 ? "#e5e7eb" : Colors(group.Tone).Border;
            html.Append($"""
                <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;">
                <tr><td style="padding:2px 0 2px 12px;border-left:4px solid {bar};">
                <p style="margin:0 0 2px 0;font-size:15px;line-height:21px;font-weight:600;color:#111827;">{group.Title} <span style="color:{fore};">({group.Count})</span></p>
                <p style="margin:0 0 6px 0;font-size:13px;line-height:18px;color:#6b7280;">{group.Explanation}</p>
                <div>
                """);
            if (group.Count == 0)
            {
                html.Append($"""<span style="font-size:14px;line-height:20px;color:#6b7280;">{SummaryEmailContent.None}</span>""");
            }

            foreach (var item in group.Shown)
            {
                html.Append($"""<span style="{Chip}{Mono}">{item.ReferralId}</span>""");
                if (item.Note is { } note)
                {
                    html.Append($"""<span style="margin:0 10px 4px -2px;font-size:12px;line-height:18px;color:#6b7280;white-space:nowrap;">({note})</span> """);
                }
                else
                {
                    html.Append($" ");
                }
            }

            if (group.NotShown > 0)
            {
                html.Append($"""<span style="font-size:13px;line-height:20px;color:#4b5563;">… and {group.NotShown} more.</span>""");
            }

            html.Append($"""
                </div>
                </td></tr>
                </table>

                """);
        }

        SectionEnd(html);
    }

    private static void Backlog(HtmlWriter html, SummaryEmailContent content)
    {
        var backlog = content.Backlog;
        SectionStart(html, $"{SummaryEmailContent.BacklogTitle} ({backlog.Count})", SummaryEmailContent.BacklogNote);
        html.Append($"""<p style="margin:0 0 10px 0;font-size:14px;line-height:20px;color:#111827;">{backlog.Overview}</p>""");
        TableStart(html, ("Category", false), ("Awaiting review", true));
        foreach (var (category, count) in backlog.ByCategory)
        {
            html.Append($"""
                <tr><td style="{Td}white-space:nowrap;">{category}</td><td align="right" style="{Td}text-align:right;font-weight:600;">{count}</td></tr>

                """);
        }

        html.Append($"""
            </table>

            """);
        if (backlog.ByRegion.Count > 0)
        {
            html.Append($"""<h3 style="margin:14px 0 4px 0;font-size:14px;line-height:20px;font-weight:600;color:#111827;">{SummaryEmailContent.BacklogByRegionTitle}</h3>""");
            TableStart(html, ("Region", false), ("Awaiting review", true), ("Over " + backlog.Limit, true), ("Longest waiting", false));
            foreach (var row in backlog.ByRegion)
            {
                html.Append($"""
                    <tr><td style="{Td}">{row.Region}</td><td align="right" style="{Td}text-align:right;font-weight:600;">{row.AwaitingReview}</td><td align="right" style="{Td}text-align:right;">{row.OverLimit}</td><td style="{Td}{Mono}font-size:13px;">{row.Oldest}</td></tr>

                    """);
            }

            html.Append($"""
                </table>

                """);
        }

        html.Append($"""<div style="height:12px;line-height:12px;font-size:12px;">&nbsp;</div>""");
        TableStart(html, ("Referral and criteria", false), ("Category", false), ("Now", false), ("Waiting", true));
        if (backlog.Count == 0)
        {
            NoneRow(html, 4);
        }

        foreach (var row in backlog.Shown)
        {
            var waiting = row.OverLimit ? Colors(Tone.Alert).Fore : "#111827";
            var criteria = row.Criteria.Count == 0 ? "no criterion matched" : string.Join(", ", row.Criteria);
            html.Append($"""<tr><td style="{Td}"><div style="{Mono}font-size:14px;line-height:20px;color:#111827;">{row.ReferralId}</div><div style="margin-top:2px;{Mono}font-size:12px;line-height:16px;color:#6b7280;">{criteria}</div></td><td style="{Td}white-space:nowrap;">{row.Category}""");
            if (row.Region is not null)
            {
                html.Append($"""<div style="margin-top:2px;font-size:12px;line-height:16px;color:#6b7280;">{row.Region}</div>""");
            }

            html.Append($"""
                </td><td style="{Td}white-space:nowrap;">{row.Disposition}</td><td align="right" style="{Td}text-align:right;white-space:nowrap;color:{waiting};">{row.Waiting}</td></tr>

                """);
        }

        if (backlog.NotShown > 0)
        {
            html.Append($"""<tr><td colspan="4" style="{Td}color:#4b5563;">… and {backlog.NotShown} more.</td></tr>""");
        }

        TableEnd(html);
    }

    private static void Chart(HtmlWriter html, SummaryEmailContent content, string chartSource)
    {
        SectionStart(html, SummaryEmailContent.TrendTitle, SummaryEmailContent.TrendNote);
        html.Append($"""
            <img src="{chartSource}" width="{ChartDisplayWidth}" alt="{content.ChartAlt}" title="{content.ChartTitle}" style="display:block;width:100%;max-width:{ChartDisplayWidth}px;height:auto;border:1px solid #e5e7eb;border-radius:6px;{Font}font-size:13px;color:#4b5563;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin-top:8px;border-collapse:collapse;">
            <tr><td style="padding:3px 4px;font-size:11px;line-height:14px;color:#6b7280;text-align:left;">Day</td>
            """);
        foreach (var point in content.Trend)
        {
            html.Append($"""<td style="padding:3px 2px;font-size:11px;line-height:14px;color:#6b7280;text-align:center;white-space:nowrap;">{SummaryEmailContent.FormatDay(point.Day)}</td>""");
        }

        TrendRow(html, content, "Urgent", SummaryChart.UrgentColor, p => p.Urgent);
        TrendRow(html, content, "Elective", SummaryChart.ElectiveColor, p => p.Elective);
        TrendRow(html, content, "Total", "#111827", p => p.Total);
        html.Append($"""
            </tr>
            </table>

            """);
        SectionEnd(html);
    }

    private static void TrendRow(HtmlWriter html, SummaryEmailContent content, string label, string color, Func<Core.Summaries.TrendPoint, int> value)
    {
        html.Append($"""</tr><tr><td style="padding:3px 4px;border-top:1px solid #f3f4f6;font-size:11px;line-height:14px;font-weight:600;color:{color};text-align:left;white-space:nowrap;">{label}</td>""");
        foreach (var point in content.Trend)
        {
            html.Append($"""<td style="padding:3px 2px;border-top:1px solid #f3f4f6;font-size:12px;line-height:14px;color:#111827;text-align:center;">{value(point)}</td>""");
        }
    }

    private static void Categories(HtmlWriter html, SummaryEmailContent content)
    {
        SectionStart(html, SummaryEmailContent.ByCategoryTitle, null);
        TableStart(html, ("Category", false), ("Postponed", true), ("The guidance says", false));
        foreach (var row in content.Categories)
        {
            var color = row.Category == "Urgent" ? SummaryChart.UrgentColor : row.Category == "Elective" ? SummaryChart.ElectiveColor : "#6b7280";
            html.Append($"""
                <tr><td style="{Td}white-space:nowrap;"><span style="display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px;background-color:{color};"></span>{row.Category}</td><td align="right" style="{Td}text-align:right;font-weight:600;">{row.Postponed}</td><td style="{Td}color:#4b5563;">{row.Recommendation}</td></tr>

                """);
        }

        TableEnd(html);
    }

    private static void Criteria(HtmlWriter html, SummaryEmailContent content)
    {
        SectionStart(html, SummaryEmailContent.ByCriterionTitle, SummaryEmailContent.ByCriterionNote);
        TableStart(html, ("Criterion", false), ("Postponed", true));
        if (content.Criteria.Count == 0)
        {
            NoneRow(html, 2);
        }

        foreach (var row in content.Criteria)
        {
            html.Append($"""
                <tr><td style="{Td}"><div style="font-size:14px;line-height:20px;color:#111827;">{row.Guidance}</div><div style="margin-top:2px;{Mono}font-size:12px;line-height:16px;color:#6b7280;">{row.Id}</div></td><td align="right" style="{Td}text-align:right;font-weight:600;white-space:nowrap;">{row.Postponed}</td></tr>

                """);
        }

        TableEnd(html);
    }

    private static void LongestWaits(HtmlWriter html, SummaryEmailContent content)
    {
        SectionStart(html, SummaryEmailContent.LongestWaitsTitle, SummaryEmailContent.LongestWaitsNote);
        TableStart(html, ("Referral", false), ("Waiting", true));
        if (content.LongestWaits.Count == 0)
        {
            NoneRow(html, 2);
        }

        foreach (var wait in content.LongestWaits)
        {
            html.Append($"""
                <tr><td style="{Td}{Mono}">{wait.ReferralId}</td><td align="right" style="{Td}text-align:right;white-space:nowrap;">{SummaryEmailContent.Days(wait.Days)}</td></tr>

                """);
        }

        TableEnd(html);
    }

    // The section tables: one layout for every column list, so the tables cannot drift apart.
    private static void TableStart(HtmlWriter html, params (string Label, bool AlignRight)[] columns)
    {
        html.Append($"""
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">
            <tr>
            """);
        foreach (var (label, right) in columns)
        {
            if (right)
            {
                html.Append($"""<th align="right" style="{Th}text-align:right;">{label}</th>""");
            }
            else
            {
                html.Append($"""<th align="left" style="{Th}text-align:left;">{label}</th>""");
            }
        }

        html.Append($"""
            </tr>

            """);
    }

    private static void NoneRow(HtmlWriter html, int columns) =>
        html.Append($"""<tr><td colspan="{columns}" style="{Td}color:#6b7280;">{SummaryEmailContent.None}</td></tr>""");

    private static void TableEnd(HtmlWriter html)
    {
        html.Append($"""
            </table>

            """);
        SectionEnd(html);
    }

    private static void Footer(HtmlWriter html, SummaryEmailContent content)
    {
        html.Append($"""
            <tr><td bgcolor="#f9fafb" style="padding:16px 24px 18px 24px;border-top:1px solid #e5e7eb;background-color:#f9fafb;border-radius:0 0 8px 8px;">
            <p style="margin:0 0 4px 0;font-size:13px;line-height:18px;font-weight:600;color:#374151;">{SummaryEmailContent.Footer}</p>
            <p style="margin:0;font-size:12px;line-height:16px;color:#6b7280;">{SummaryEmailContent.Product} · period {content.PeriodKey}</p>
            </td></tr>

            """);
    }

    private static void SectionStart(HtmlWriter html, string title, string? note)
    {
        html.Append($"""
            <tr><td style="padding:18px 24px 4px 24px;">
            <h2 style="{H2}">{title}</h2>

            """);
        if (note is not null)
        {
            html.Append($"""<p style="{Note}">{note}</p>""");
        }
        else
        {
            html.Append($"""<div style="height:8px;line-height:8px;font-size:8px;">&nbsp;</div>""");
        }
    }

    private static void SectionEnd(HtmlWriter html) => html.Append($"""
        </td></tr>

        """);

    // (text, background, border) of a tone.
    private static (string Fore, string Back, string Border) Colors(Tone tone) => tone switch
    {
        Tone.Good => ("#166534", "#dcfce7", "#86efac"),
        Tone.Warning => ("#92400e", "#fef3c7", "#fcd34d"),
        Tone.Alert => ("#991b1b", "#fee2e2", "#fca5a5"),
        _ => ("#374151", "#f3f4f6", "#d1d5db"),
    };
}
