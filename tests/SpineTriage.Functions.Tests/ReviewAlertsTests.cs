using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Moq;
using SpineTriage.Core.Review;

namespace SpineTriage.Functions.Tests;

/// <summary>The alert timer function over a mocked alert job: it runs the job once, and a failed email fails the invocation.</summary>
public sealed class ReviewAlertsTests
{
    private readonly Mock<IReviewAlertJob> _job = new(MockBehavior.Strict);
    private readonly Mock<ILogger<ReviewAlerts>> _logger = new();

    public ReviewAlertsTests() => _logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);

    [Fact]
    public async Task Run_AllSent_RunsTheJobOnceWithTheInvocationsToken()
    {
        using var cancel = new CancellationTokenSource();
        _job.Setup(j => j.RunAsync(cancel.Token)).ReturnsAsync(Report(AlertOutcome.Sent, AlertOutcome.NoRecipients));

        await new ReviewAlerts(_job.Object, _logger.Object).RunAsync(new TimerInfo(), cancel.Token);

        _job.Verify(j => j.RunAsync(cancel.Token), Times.Once);
    }

    [Fact]
    public async Task Run_AFailedEmail_FailsTheInvocationSayingHowMany()
    {
        _job.Setup(j => j.RunAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Report(AlertOutcome.Sent, AlertOutcome.Failed));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ReviewAlerts(_job.Object, _logger.Object).RunAsync(new TimerInfo(), CancellationToken.None));

        Assert.Equal("1 of 2 review alert emails failed; their alerts stay pending.", error.Message);
    }

    private static AlertRunReport Report(params AlertOutcome[] outcomes) =>
        new([.. outcomes.Select((o, i) => new AlertDelivery($"region-{i}", o, ["REF-1"], 0, 1, null, null))]);
}
