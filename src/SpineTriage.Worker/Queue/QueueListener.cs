using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Storage;

namespace SpineTriage.Worker.Queue;

/// <summary>
/// Listens on the referral queue with the semantics of the Azure Functions queue trigger:
/// batch receive, bounded concurrency, a message deleted only after its result is stored, a failed
/// message retried after <c>VisibilityTimeout</c> and moved (original body) to <c>&lt;queue&gt;-poison</c>
/// after <c>MaxDequeueCount</c> deliveries, exponential polling back-off when idle, and a graceful
/// shutdown in which in-flight work finishes or returns to the queue. Nothing is lost: a message is
/// deleted only after the handler returned, and until then the queue keeps it (invisible for
/// <c>ProcessingTimeout</c>, then visible again even if this process died).
/// </summary>
internal sealed partial class QueueListener : BackgroundService
{
    private readonly ReferralQueues _queues;
    private readonly StorageProvisioner _provisioner;
    private readonly ReferralMessageHandler _handler;
    private readonly QueueListenerOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueListener> _logger;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _inFlight = [];
    private TaskCompletionSource _slotFreed = NewSignal();

    public QueueListener(
        ReferralQueues queues,
        StorageProvisioner provisioner,
        ReferralMessageHandler handler,
        IOptions<QueueListenerOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<QueueListener> logger)
    {
        _queues = queues;
        _provisioner = provisioner;
        _handler = handler;
        _options = options.Value;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
    }

    /// <summary>Messages handled so far, by outcome, plus failures and poisoned ones.</summary>
    public ListenerCounters Counters { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = _options.MinPollingInterval;
        while (true)
        {
            try
            {
                await _provisioner.EnsureCreatedAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (StorageErrors.IsStorageFailure(e))
            {
                // Storage not reachable yet (an emulator still starting, a network blip): keep trying.
                LogStorageUnavailable(e, delay);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = Next(delay);
            }
        }

        LogListening(_queues.Queue.Name, _options.BatchSize, _options.EffectiveNewBatchThreshold, _options.MaxDequeueCount);
        delay = _options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitForCapacityAsync(stoppingToken).ConfigureAwait(false);

            QueueMessage[] messages;
            try
            {
                messages = (await _queues.Queue.ReceiveMessagesAsync(_options.BatchSize, _options.ProcessingTimeout, stoppingToken).ConfigureAwait(false)).Value;
                if (messages.Length == 0 && InFlightCount == 0 && _options.UntilIdle && await IsQueueEmptyAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogIdle(Counters.Handled);
                    _lifetime.StopApplication();
                    return;
                }
            }
            catch (Exception e) when (StorageErrors.IsStorageFailure(e))
            {
                // Storage unavailable or throttling: nothing was received, so nothing can be lost. Back off and poll again.
                LogStorageUnavailable(e, delay);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = Next(delay);
                continue;
            }

            if (messages.Length == 0)
            {
                if (InFlightCount > 0)
                {
                    // Busy, not idle: poll again as soon as a message finishes (a failure may
                    // have put it back), without growing the back-off meant for an idle queue.
                    await WaitForCompletionAsync(_options.MinPollingInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = Next(delay);
                continue;
            }

            delay = _options.MinPollingInterval;
            foreach (var message in messages)
            {
                Track(ProcessAsync(message));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop receiving, then let the messages in flight finish. If the host's shutdown timeout
        // runs out first, abandon them: each returns to the queue at once (visible again).
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _inFlight];
        }

        LogStopping(pending.Length);
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    private int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        // Yield so that the receive loop goes on while this message is handled.
        await Task.Yield();
        var context = new QueueMessageContext(message.MessageId, message.DequeueCount);
        try
        {
            var outcome = await _handler.HandleAsync(message.Body.ToMemory(), context, _abandon.Token).ConfigureAwait(false);
            await _queues.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            Counters.Count(outcome);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            await ReleaseAsync(message, TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A transient failure (storage down, throttling) or a bug: the message is not lost.
            Counters.CountFailure();
            LogFailed(e, message.MessageId, message.DequeueCount, _options.MaxDequeueCount);
            if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                await PoisonAsync(message).ConfigureAwait(false);
            }
            else
            {
                await ReleaseAsync(message, _options.VisibilityTimeout).ConfigureAwait(false);
            }
        }
    }

    private async Task PoisonAsync(QueueMessage message)
    {
        try
        {
            await _queues.Poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await _queues.Poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await _queues.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            Counters.CountPoisoned();
            LogPoisoned(message.MessageId, _queues.Poison.Name, message.DequeueCount);
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e))
        {
            // Could not move it now: it stays on the queue and comes back after ProcessingTimeout,
            // when the move is tried again. (A copy in the poison queue without the delete is possible
            // and harmless: an operator replays it and the result store ignores the duplicate.)
            LogPoisonFailed(e, message.MessageId);
        }
    }

    private async Task ReleaseAsync(QueueMessage message, TimeSpan visibilityTimeout)
    {
        try
        {
            await _queues.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e))
        {
            // It becomes visible by itself after ProcessingTimeout: delayed, not lost.
            LogReleaseFailed(e, message.MessageId);
        }
    }

    private async Task<bool> IsQueueEmptyAsync(CancellationToken cancellationToken)
    {
        // Counts invisible messages too (those waiting for a retry), so --until-idle waits for them.
        var properties = await _queues.Queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount == 0;
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _inFlight.Remove(done);
                    _slotFreed.TrySetResult();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_inFlight.Count <= _options.EffectiveNewBatchThreshold)
                {
                    return;
                }

                _slotFreed = NewSignal();
                signal = _slotFreed.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForCompletionAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_inFlight.Count == 0)
            {
                return;
            }

            _slotFreed = NewSignal();
            signal = _slotFreed.Task;
        }

        await Task.WhenAny(signal, Task.Delay(atMost, _time, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private TimeSpan Next(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min(Math.Max(delay.Ticks * 2, _options.MinPollingInterval.Ticks), _options.MaxPollingInterval.Ticks));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on queue {Queue}: batch {BatchSize}, new batch at {NewBatchThreshold} in flight, poison after {MaxDequeueCount} deliveries")]
    private partial void LogListening(string queue, int batchSize, int newBatchThreshold, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable; trying again in {Delay}")]
    private partial void LogStorageUnavailable(Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue empty and all work stored ({Handled} messages handled): stopping")]
    private partial void LogIdle(long handled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting for {InFlight} messages in flight")]
    private partial void LogStopping(int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} failed on delivery {DequeueCount} of {MaxDequeueCount}")]
    private partial void LogFailed(Exception exception, string messageId, long dequeueCount, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    private partial void LogPoisoned(string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be moved to the poison queue now; it will be tried again")]
    private partial void LogPoisonFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be released now; it returns to the queue after the processing timeout")]
    private partial void LogReleaseFailed(Exception exception, string messageId);
}

/// <summary>What the listener has done (thread-safe).</summary>
internal sealed class ListenerCounters
{
    private long _stored, _duplicates, _superseded, _rejected, _failures, _poisoned;

    public long Stored => Interlocked.Read(ref _stored);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Superseded => Interlocked.Read(ref _superseded);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Failures => Interlocked.Read(ref _failures);

    public long Poisoned => Interlocked.Read(ref _poisoned);

    public long Handled => Stored + Duplicates + Superseded + Rejected;

    public void Count(HandleOutcome outcome)
    {
        switch (outcome)
        {
            case HandleOutcome.Stored:
                Interlocked.Increment(ref _stored);
                break;
            case HandleOutcome.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            case HandleOutcome.Superseded:
                Interlocked.Increment(ref _superseded);
                break;
            case HandleOutcome.Rejected:
                Interlocked.Increment(ref _rejected);
                break;
        }
    }

    public void CountFailure() => Interlocked.Increment(ref _failures);

    public void CountPoisoned() => Interlocked.Increment(ref _poisoned);
}
