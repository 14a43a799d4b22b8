using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Summaries;
using SpineTriage.Storage.Summaries;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests.Summaries;

/// <summary>A renderer that keeps every summary it was given and makes a minimal email of it.</summary>
public sealed class CapturingRenderer : ISummaryRenderer
{
    public ConcurrentQueue<RegionSummary> Summaries { get; } = new();

    public SummaryEmail Render(RegionSummary summary, string periodKey, IReadOnlyList<string> recipients)
    {
        Summaries.Enqueue(summary);
        return new SummaryEmail(
            summary.Region, periodKey, recipients, $"Postponed cases, {summary.Region}, {periodKey}",
            $"{summary.Postponed} postponed", $"<p>{summary.Postponed} postponed</p>", new byte[] { 0x89, 0x50 }, "chart");
    }
}

/// <summary>A mailer that keeps every email it was given; it can be told to fail.</summary>
public sealed class CapturingMailer : ISummaryMailer
{
    public ConcurrentQueue<SummaryEmail> Sent { get; } = new();

    /// <summary>When set, sending an email to this region throws (nothing is "sent").</summary>
    public string? FailFor { get; set; }

    public Task<string> SendAsync(SummaryEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.Region == FailFor)
        {
            throw new IOException("SMTP server refused the connection");
        }

        Sent.Enqueue(email);
        return Task.FromResult($"memory:{email.Region}/{email.PeriodKey}");
    }

    public IReadOnlyList<SummaryEmail> To(string region) => Sent.Where(e => e.Region == region).ToList();
}

/// <summary>A ledger that delegates to the real one but can fail on record, as if the process died after sending.</summary>
public sealed class FlakyLedger(ISummaryLedger inner) : ISummaryLedger
{
    /// <summary>How many of the next records fail.</summary>
    public int FailNextRecords { get; set; }

    public Task<SummaryRun?> GetAsync(string region, string periodKey, CancellationToken cancellationToken = default) =>
        inner.GetAsync(region, periodKey, cancellationToken);

    public Task<SummaryRun?> GetPreviousAsync(string region, string beforePeriodKey, CancellationToken cancellationToken = default) =>
        inner.GetPreviousAsync(region, beforePeriodKey, cancellationToken);

    public Task RecordAsync(SummaryRun run, CancellationToken cancellationToken = default)
    {
        if (FailNextRecords > 0)
        {
            FailNextRecords--;
            throw new Azure.RequestFailedException(503, "The server is busy.");
        }

        return inner.RecordAsync(run, cancellationToken);
    }
}

/// <summary>The summary job of one test over the stores of a <see cref="StorageHarness"/>, with fakes for rendering and mail.</summary>
public sealed class SummaryHarness
{
    private SummaryHarness(StorageHarness storage, string schedule, Dictionary<string, string[]> recipients, TimeProvider time)
    {
        Storage = storage;
        Ledger = new TableSummaryLedger(storage.Clients, Options.Create(storage.Options));
        Flaky = new FlakyLedger(Ledger);
        var options = new SummaryRecipientsOptions();
        foreach (var (key, value) in recipients)
        {
            options.Recipients[key] = value;
        }

        Recipients = options;
        Job = new SummaryJob(
            storage.Triage, storage.Regions, storage.Regions, Flaky, Renderer, Mailer, SummarySchedule.Parse(schedule),
            new SummaryOptions(), options, time, NullLogger<SummaryJob>.Instance);
    }

    public StorageHarness Storage { get; }

    public TableSummaryLedger Ledger { get; }

    public FlakyLedger Flaky { get; }

    public SummaryRecipientsOptions Recipients { get; }

    public CapturingRenderer Renderer { get; } = new();

    public CapturingMailer Mailer { get; } = new();

    public SummaryJob Job { get; }

    /// <summary>Two heads per region of <paramref name="regions"/>, one address for the rollup.</summary>
    public static Dictionary<string, string[]> HeadsOf(params string[] regions)
    {
        var recipients = regions.ToDictionary(r => r, r => new[] { $"head.{r}@example.org", $"deputy.{r}@example.org" });
        recipients[SummaryRecipientsOptions.RollupKey] = ["leads@example.org"];
        return recipients;
    }

    public static async Task<SummaryHarness> CreateAsync(
        AzuriteFixture azurite, Dictionary<string, string[]> recipients, string schedule = SummarySchedule.DefaultExpression, TimeProvider? time = null)
    {
        var storage = await StorageHarness.CreateAsync(azurite, o => o.SummaryRunsTable = azurite.UniqueName("summaryruns"));
        var harness = new SummaryHarness(storage, schedule, recipients, time ?? TimeProvider.System);
        await harness.Ledger.CreateTableAsync();
        return harness;
    }
}
