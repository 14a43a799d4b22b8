using Microsoft.Extensions.Logging;
using SpineTriage.TestSupport;
using Xunit.Abstractions;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>Logs carry referral ids, never notes or patient fields (DESIGN.md, Privacy).</summary>
[Collection(SharedAzurite.Name)]
public sealed class QueueListenerLoggingTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Listener_ValidInvalidAndFailingMessagesWithPatientData_LogNoNotesOrPatientFields()
    {
        var names = PipelineNames.Unique(azurite.UniqueName);
        var storage = new PipelineStorage(azurite.ConnectionString, names);
        var valid = Enumerable.Range(1, 5).Select(i => $"PHI-{i}").ToList();
        var invalid = TestReferrals.InvalidWithCanary();
        await storage.SendAsync(valid.Select(id => TestReferrals.WithCanary(id).Body()));
        await storage.SendAsync(invalid.Select(i => TestReferrals.Body(i.Body)));

        // One save fails (logged with its exception) and is retried: the failure path logs too.
        await using var host = ListenerHost.Create(
            azurite.ConnectionString, names, o => o.UntilIdle = true,
            real => new CrashingTriageStore(real, ["PHI-2"], CrashPoint.AfterSave), output);
        await host.RunUntilStoppedAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(valid.Count, (await storage.ResultsAsync()).Count);
        Assert.Equal(invalid.Count, (await storage.RejectedAsync()).Count);
        var entries = host.Logs.Entries;
        // The capture works: decisions and rejections are logged, with referral ids as values.
        Assert.Contains(entries, e => e.State.Any(kv => kv is { Key: "ReferralId", Value: "PHI-1" }));
        Assert.Contains(entries, e => e.State.Any(kv => kv is { Key: "ReferralId", Value: "BAD-ENUM" }));
        // The failed save is logged (a storage failure: one line with its message id and reason, no stack trace).
        Assert.Contains(entries, e => e.Level >= LogLevel.Warning && e.State.Any(kv => kv.Key == "MessageId") && e.State.Any(kv => kv.Key == "Reason"));
        var leaks = entries.Where(e => e.Texts().Any(t => t.Contains(TestReferrals.Canary, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Patient data in the log:" + Environment.NewLine + string.Join(Environment.NewLine, leaks));
    }
}
