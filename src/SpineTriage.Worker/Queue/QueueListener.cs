using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Storage;

namespace SpineTriage.Worker.Queue;

/// <summary>
/// Listens on the referral queue with the semantics of the Azure Functions queue trigger: batch
/// receive, bounded concurrency, a message deleted only after its result is stored, exponential
/// polling back-off when idle. On top of the trigger's semantics:
/// <list type="bullet">
/// <item>a short lease (<c>LeaseDuration</c>) renewed while a message is handled, so a crashed
/// worker's messages return within the lease, not after the processing timeout;</item>
/// <item>a failed message retried after a delay that doubles per delivery (capped), and poisoned
/// (<c>&lt;queue&gt;-poison</c>) after <c>MaxDequeueCount</c> deliveries only when the message
/// itself fails: a storage outage never poisons;</item>
/// <item>each message decoded here, so one that is not Base64 is kept in the rejects table
/// and deleted without touching the rest of its batch;</item>
/// <item>a stop that never strands a message: the receive is not cut off mid-request, a batch
/// received while stopping goes back at once, and messages still in flight when the shutdown timeout
/// ends go back at once;</item>
/// <item>a permanent failure (credentials refused, no such account) stops the worker with one line
/// (<see cref="WorkerExit"/>) instead of retrying forever.</item>
/// </list>
/// </summary>
internal sealed partial class QueueListener : BackgroundService
{
    private readonly ReferralQueues _queues;
    private readonly StorageProvisioner _provisioner;
    private readonly ReferralMessageHandler _handler;
    private readonly IRejectedMessageStore _rejects;
    private readonly WorkerExit _exit;
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
        IRejectedMessageStore rejects,
        WorkerExit exit,
        IOptions<QueueListenerOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<QueueListener> logger)
    {
        _queues = queues;
        _provisioner = provisioner;
        _handler = handler;
        _rejects = rejects;
        _exit = exit;
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
            catch (Exception e) when (StorageErrors.IsPermanent(e))
            {
                StopPermanently(e);
                return;
            }
            catch (Exception e) when (StorageErrors.IsStorageFailure(e))
            {
                // Storage not reachable yet (an emulator still starting, a network blip): keep trying.
                LogStorageUnavailable(StorageErrors.Describe(e), delay);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = Next(delay);
            }
        }

        LogListening(_queues.Queue.Name, _options.BatchSize, _options.EffectiveNewBatchThreshold, _options.MaxDequeueCount);
        _ = ReportProgressAsync(stoppingToken);
        delay = _options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitForCapacityAsync(stoppingToken).ConfigureAwait(false);

            QueueMessage[] messages;
            try
            {
                // Not cut off by the stop signal: a receive cancelled mid-request may have taken
                // messages off the queue that this process never sees (invisible for the lease).
                messages = (await _queues.RawQueue.ReceiveMessagesAsync(_options.BatchSize, _options.LeaseDuration, CancellationToken.None).ConfigureAwait(false)).Value;
                if (messages.Length == 0 && InFlightCount == 0 && _options.UntilIdle && await IsQueueEmptyAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogIdle(Counters.Handled);
                    _lifetime.StopApplication();
                    return;
                }
            }
            catch (Exception e) when (StorageErrors.IsPermanent(e))
            {
                StopPermanently(e);
                return;
            }
            catch (Exception e) when (StorageErrors.IsStorageFailure(e))
            {
                // Storage unavailable or throttling: nothing was received, so nothing can be lost. Back
                // off and poll again (after creating the queue and tables again if they went missing).
                LogStorageUnavailable(StorageErrors.Describe(e), delay);
                if (StorageErrors.IsMissingContainer(e))
                {
                    await RecreateAsync().ConfigureAwait(false);
                }

                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                delay = Next(delay);
                continue;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                // Received while stopping: every message goes back to the queue now.
                await Task.WhenAll(messages.Select(m => ReleaseAsync(m.MessageId, m.PopReceipt, TimeSpan.Zero))).ConfigureAwait(false);
                return;
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
        var lease = new Lease(message.MessageId, message.PopReceipt);
        using var handling = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token);
        handling.CancelAfter(_options.ProcessingTimeout);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(lease, renewing.Token);
        try
        {
            HandleOutcome outcome;
            if (ReferralQueues.TryDecode(message.Body, out var body))
            {
                var context = new QueueMessageContext(message.MessageId, message.DequeueCount);
                outcome = await _handler.HandleAsync(body, context, handling.Token).ConfigureAwait(false);
            }
            else
            {
                await KeepUndecodableAsync(message, handling.Token).ConfigureAwait(false);
                outcome = HandleOutcome.Rejected;
            }

            await StopRenewalAsync(renewing, renewal).ConfigureAwait(false);
            await DeleteAsync(lease).ConfigureAwait(false);
            Counters.Count(outcome);
        }
        catch (OperationCanceledException) when (handling.IsCancellationRequested)
        {
            // Stopping (shutdown timeout over) or handled for longer than ProcessingTimeout: back to the queue now.
            await StopRenewalAsync(renewing, renewal).ConfigureAwait(false);
            await ReleaseAsync(lease.MessageId, lease.PopReceipt, TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.IsPermanent(e))
        {
            await StopRenewalAsync(renewing, renewal).ConfigureAwait(false);
            await ReleaseAsync(lease.MessageId, lease.PopReceipt, TimeSpan.Zero).ConfigureAwait(false);
            StopPermanently(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await StopRenewalAsync(renewing, renewal).ConfigureAwait(false);
            Counters.CountFailure();
            var retryIn = _options.RetryDelay(message.DequeueCount);
            if (StorageErrors.IsTransient(e))
            {
                // The storage failed, not the message: retry later, never poison for it.
                LogStorageFailed(message.MessageId, message.DequeueCount, StorageErrors.Describe(e), retryIn);
                if (StorageErrors.IsMissingContainer(e))
                {
                    await RecreateAsync().ConfigureAwait(false);
                }

                await ReleaseAsync(lease.MessageId, lease.PopReceipt, retryIn).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                LogFailed(e, message.MessageId, message.DequeueCount, _options.MaxDequeueCount);
                await PoisonAsync(message, lease).ConfigureAwait(false);
            }
            else
            {
                LogFailed(e, message.MessageId, message.DequeueCount, _options.MaxDequeueCount);
                await ReleaseAsync(lease.MessageId, lease.PopReceipt, retryIn).ConfigureAwait(false);
            }
        }
    }

    // A message that is not Base64 cannot be a referral this pipeline's producers sent; it is kept,
    // as stored, with its reason, where an operator sees rejected messages.
    private async Task KeepUndecodableAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var rejected = new RejectedMessage(
            message.MessageId,
            ReferralId: null,
            $"The message is not Base64-encoded (the queue's encoding, as the Azure Functions queue trigger expects); kept as stored ({message.Body.ToMemory().Length} bytes)",
            message.Body.ToMemory(),
            _time.GetUtcNow(),
            message.DequeueCount);
        await _rejects.SaveAsync(rejected, cancellationToken).ConfigureAwait(false);
        LogUndecodable(message.MessageId);
    }

    // Renews the message's lease every third of its duration until told to stop. A renewal already
    // sent is never cut off, so the pop receipt the delete uses is always the latest.
    private async Task RenewAsync(Lease lease, CancellationToken stop)
    {
        var every = _options.LeaseDuration / 3;
        while (true)
        {
            try
            {
                await Task.Delay(every, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var receipt = await _queues.RawQueue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: _options.LeaseDuration, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                lease.PopReceipt = receipt.Value.PopReceipt;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 400)
            {
                // The lease was lost (it expired and another delivery took the message): that
                // delivery stores the same decision, which the result store deduplicates.
                LogLeaseLost(lease.MessageId);
                return;
            }
            catch (Exception e) when (StorageErrors.IsStorageFailure(e))
            {
                LogRenewFailed(lease.MessageId, StorageErrors.Describe(e));
            }
        }
    }

    private static async Task StopRenewalAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
    }

    private async Task DeleteAsync(Lease lease)
    {
        try
        {
            await _queues.RawQueue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // The lease was lost before the delete: the message comes back once more and is stored as a duplicate.
            LogLeaseLost(lease.MessageId);
        }
    }

    private async Task PoisonAsync(QueueMessage message, Lease lease)
    {
        try
        {
            await _queues.Poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            // The raw client sends the stored text as it is: the poison queue holds the same encoding.
            await _queues.RawPoison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await _queues.RawQueue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            Counters.CountPoisoned();
            LogPoisoned(message.MessageId, _queues.Poison.Name, message.DequeueCount);
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e))
        {
            // Could not move it now: it stays on the queue and comes back after its lease, when the
            // move is tried again. (A copy in the poison queue without the delete is possible and
            // harmless: an operator replays it and the result store ignores the duplicate.)
            LogPoisonFailed(message.MessageId, StorageErrors.Describe(e));
        }
    }

    private async Task ReleaseAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout)
    {
        try
        {
            await _queues.RawQueue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e))
        {
            // It becomes visible by itself when its lease ends: delayed by at most the lease, not lost.
            LogReleaseFailed(messageId, StorageErrors.Describe(e));
        }
    }

    private async Task RecreateAsync()
    {
        try
        {
            await _provisioner.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageErrors.IsStorageFailure(e))
        {
            LogStorageUnavailable(StorageErrors.Describe(e), TimeSpan.Zero);
        }
    }

    // Every ProgressInterval while messages arrive: one line with the count and the rate.
    private async Task ReportProgressAsync(CancellationToken stoppingToken)
    {
        var last = Counters.Handled + Counters.Failures;
        try
        {
            while (true)
            {
                await Task.Delay(_options.ProgressInterval, _time, stoppingToken).ConfigureAwait(false);
                var now = Counters.Handled + Counters.Failures;
                if (now != last)
                {
                    LogProgress(Counters.Handled, (now - last) / _options.ProgressInterval.TotalSeconds, Counters.Stored, Counters.Rejected, Counters.Failures, InFlightCount);
                    last = now;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last line is the stop's own.
        }
    }

    private void StopPermanently(Exception e)
    {
        var error = StorageErrors.Describe(e);
        _exit.Fail(error);
        LogPermanent(error);
        _lifetime.StopApplication();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable ({Reason}); trying again in {Delay}")]
    private partial void LogStorageUnavailable(string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Handled} messages handled ({Rate:F0}/s): {Stored} stored, {Rejected} rejected, {Failures} failed deliveries, {InFlight} in flight")]
    private partial void LogProgress(long handled, double rate, long stored, long rejected, long failures, int inFlight);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stopping: {Reason}")]
    private partial void LogPermanent(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue empty and all work stored ({Handled} messages handled): stopping")]
    private partial void LogIdle(long handled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting for {InFlight} messages in flight")]
    private partial void LogStopping(int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} failed on delivery {DequeueCount} of {MaxDequeueCount}")]
    private partial void LogFailed(Exception exception, string messageId, long dequeueCount, int maxDequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (delivery {DequeueCount}) met a storage failure ({Reason}); retrying in {RetryIn}")]
    private partial void LogStorageFailed(string messageId, long dequeueCount, string reason, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries")]
    private partial void LogPoisoned(string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is not Base64-encoded: kept in the rejected messages and deleted from the queue")]
    private partial void LogUndecodable(string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be moved to the poison queue now ({Reason}); it will be tried again")]
    private partial void LogPoisonFailed(string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be released now ({Reason}); it returns to the queue when its lease ends")]
    private partial void LogReleaseFailed(string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: its lease could not be renewed now ({Reason})")]
    private partial void LogRenewFailed(string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: its lease was lost; another delivery stores the same decision")]
    private partial void LogLeaseLost(string messageId);

    // A received message's identity and its current pop receipt (renewals replace it).
    private sealed class Lease(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }
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
