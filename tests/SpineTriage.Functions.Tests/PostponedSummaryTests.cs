using SpineTriage.Core.Summaries;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using SpineTriage.Storage.Summaries;

namespace SpineTriage.Functions.Tests;

/// <summary>The timer function over a mocked summary job: it runs at the clock's time, and a failed delivery fails the invocation.</summary>
public sealed class PostponedSummaryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly Mock<ISummaryJob> _job = new(MockBehavior.Strict);
    private readonly Mock<ILogger<PostponedSummary>> _logger = new();

    public PostponedSummaryTests() => _logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);

    [Fact]
    public async Task Run_AllSent_RunsTheJobAtTheClocksTimeForEveryRegion()
    {
        using var cancel = new CancellationTokenSource();
        _job.Setup(j => j.RunAsync(Now, null, cancel.Token)).ReturnsAsync(Report(SummaryOutcome.Sent, SummaryOutcome.AlreadySent));

        await Function().RunAsync(new TimerInfo(), cancel.Token);

        _job.Verify(j => j.RunAsync(Now, null, cancel.Token), Times.Once);
    }

    [Fact]
    public async Task Run_AFailedDelivery_FailsTheInvocationSayingHowMany()
    {
        _job.Setup(j => j.RunAsync(Now, null, It.IsAny<CancellationToken>())).ReturnsAsync(Report(SummaryOutcome.Sent, SummaryOutcome.Failed, SummaryOutcome.NoRecipients));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Function().RunAsync(new TimerInfo(), CancellationToken.None));

        Assert.Equal("1 of 3 summary emails of period 2026-11-30T06:00Z failed.", error.Message);
    }

    [Fact]
    public async Task Run_PastDue_WarnsAndStillRuns()
    {
        _job.Setup(j => j.RunAsync(Now, null, It.IsAny<CancellationToken>())).ReturnsAsync(Report(SummaryOutcome.Sent));

        await Function().RunAsync(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        _job.VerifyAll();
        _logger.Verify(l => l.Log(LogLevel.Warning, It.IsAny<EventId>(), It.Is<It.IsAnyType>((v, _) => v.ToString()!.Contains("past due", StringComparison.Ordinal)), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Once);
    }

    [Fact]
    public async Task Run_OnTime_DoesNotWarn()
    {
        _job.Setup(j => j.RunAsync(Now, null, It.IsAny<CancellationToken>())).ReturnsAsync(Report(SummaryOutcome.Sent));

        await Function().RunAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        _logger.Verify(l => l.Log(LogLevel.Warning, It.IsAny<EventId>(), It.IsAny<It.IsAnyType>(), It.IsAny<Exception?>(), It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Never);
    }

    private PostponedSummary Function() => new(_job.Object, _time, _logger.Object);

    private static SummaryRunReport Report(params SummaryOutcome[] outcomes) =>
        new(Now, Now, "2026-11-30T06:00Z", [.. outcomes.Select((o, i) => new SummaryDelivery($"region-{i}", "2026-11-30T06:00Z", o, 1, null, 0, o == SummaryOutcome.Failed ? "SMTP 554" : null))]);
}
