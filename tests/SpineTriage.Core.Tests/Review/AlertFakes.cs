using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using SpineTriage.Core.Review;
using SpineTriage.Core.Triage;

namespace SpineTriage.Core.Tests.Review;

/// <summary>
/// The alert index as the Table store keeps it: per region, one row per referral while its current
/// result calls for an alert. Removal is fenced by revision (a row written for a newer revision stays).
/// </summary>
internal sealed class FakeOutbox : IAlertOutbox
{
    private readonly SortedDictionary<(string Region, string ReferralId), PendingAlert> _rows = [];

    public IReadOnlyCollection<PendingAlert> Rows => _rows.Values;

    /// <summary>Writes a row (a stored result that calls for an alert, or a redelivery's repair), replacing one of an older revision.</summary>
    public void Put(PendingAlert alert)
    {
        foreach (var key in _rows.Keys.Where(k => k.ReferralId == alert.ReferralId && k.Region != alert.Region).ToList())
        {
            _rows.Remove(key);
        }

        if (!_rows.TryGetValue((alert.Region, alert.ReferralId), out var existing) || existing.Revision <= alert.Revision)
        {
            _rows[(alert.Region, alert.ReferralId)] = alert;
        }
    }

    /// <summary>Clears a referral's row (a result that no longer calls for an alert, a clinician's decision).</summary>
    public void Clear(string referralId)
    {
        foreach (var key in _rows.Keys.Where(k => k.ReferralId == referralId).ToList())
        {
            _rows.Remove(key);
        }
    }

    public async IAsyncEnumerable<string> GetAlertRegionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var region in _rows.Keys.Select(k => k.Region).Distinct().ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return region;
        }
    }

    public Task<IReadOnlyList<PendingAlert>> GetPendingAlertsAsync(string region, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PendingAlert>>([.. _rows.Values.Where(r => r.Region == region)]);

    public Task RemoveAlertAsync(PendingAlert alert, CancellationToken cancellationToken = default)
    {
        if (_rows.TryGetValue((alert.Region, alert.ReferralId), out var row) && row.Revision <= alert.Revision)
        {
            _rows.Remove((alert.Region, alert.ReferralId));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A ledger in memory that can be told to fail its next records (as if the process died after sending).</summary>
internal sealed class FakeLedger : IAlertLedger
{
    public HashSet<(string Region, string ReferralId, long Sequence)> Sent { get; } = [];

    public int FailNextRecords { get; set; }

    public Task<bool> WasSentAsync(string region, string referralId, long sequence, CancellationToken cancellationToken = default) =>
        Task.FromResult(Sent.Contains((region, referralId, sequence)));

    public Task RecordAsync(IReadOnlyList<SentAlert> alerts, CancellationToken cancellationToken = default)
    {
        if (FailNextRecords > 0)
        {
            FailNextRecords--;
            throw new IOException("the ledger's storage is unavailable");
        }

        foreach (var alert in alerts)
        {
            Sent.Add((alert.Region, alert.ReferralId, alert.Sequence));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A sender that keeps every email; it can be told to fail the next sends.</summary>
internal sealed class FakeSender : IAlertSender
{
    public List<AlertEmail> Emails { get; } = [];

    public int FailNextSends { get; set; }

    public Task<string> SendAsync(AlertEmail email, CancellationToken cancellationToken = default)
    {
        if (FailNextSends > 0)
        {
            FailNextSends--;
            throw new IOException("SMTP server refused the connection");
        }

        Emails.Add(email);
        return Task.FromResult($"memory:{email.Region}/{Emails.Count}");
    }
}

/// <summary>The alert job over the fakes.</summary>
internal sealed class AlertHarness
{
    public AlertHarness(Dictionary<string, string[]>? recipients = null)
    {
        var options = new ReviewAlertOptions();
        foreach (var (region, addresses) in recipients ?? new() { ["*"] = ["on-call@hospital.example"] })
        {
            options.Recipients[region] = addresses;
        }

        Job = new ReviewAlertJob(Outbox, Ledger, Sender, options, TimeProvider.System, NullLogger<ReviewAlertJob>.Instance);
    }

    public FakeOutbox Outbox { get; } = new();

    public FakeLedger Ledger { get; } = new();

    public FakeSender Sender { get; } = new();

    public ReviewAlertJob Job { get; }

    public static PendingAlert RedFlag(string referralId, string region = "north-east", long sequence = 0, long revision = 1, int minute = 0) =>
        new(referralId, sequence, region, TriageCategory.Emergent, Disposition.Proceed,
            ["emergent.cauda-equina", "red-flag:saddle-sensory-loss"], new DateTimeOffset(2026, 11, 20, 10, minute, 0, TimeSpan.Zero), revision);
}
