namespace SpineTriage.Worker.Queue;

/// <summary>
/// The queue listener's settings (section <c>SpineTriage:Queue</c>), named and defaulted like the
/// Azure Functions queue trigger's host.json settings, so both hosts behave alike.
/// </summary>
internal sealed class QueueListenerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SpineTriage:Queue";

    /// <summary>Messages received per request (1-32). Functions: <c>batchSize</c>, default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// A new batch is fetched when the messages in flight drop to this number. Functions:
    /// <c>newBatchThreshold</c>, default batchSize/2 per core. Concurrency is at most
    /// <c>BatchSize + NewBatchThreshold</c>.
    /// </summary>
    public int? NewBatchThreshold { get; set; }

    /// <summary>
    /// How long a failed message stays invisible before its first retry; each further failure doubles
    /// it, up to <see cref="MaxRetryDelay"/>, so a partial outage does not use up a message's
    /// deliveries in seconds. Functions: <c>visibilityTimeout</c> (a fixed delay, default 0).
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest retry delay of a failed message.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a received message stays invisible before it must be renewed. The worker renews it
    /// every third of this while the message is handled (as Service Bus's lock renewal and the
    /// Functions queue trigger do), so a worker that crashes or is cut off loses its messages to the
    /// queue within this time, not after the whole processing timeout.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a message may be handled; then it is abandoned and returns to the queue. Functions: <c>functionTimeout</c>.</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Failed deliveries before the message moves to <c>&lt;queue&gt;-poison</c>. Functions:
    /// <c>maxDequeueCount</c>, default 5. Failures of the storage itself (unreachable, throttled, a
    /// missing table) never poison a message: they are retried with back-off until storage is back.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The first wait after an empty receive; it doubles while the queue stays empty.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between polls of an empty queue. Functions: <c>maxPollingInterval</c>, default 1 minute.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a busy worker logs one line with its progress and rate.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop (exit 0) once the queue is empty and all work is stored: for batch runs and tests.</summary>
    public bool UntilIdle { get; set; }

    /// <summary>The retry delay after a message's <paramref name="dequeueCount"/>-th failed delivery.</summary>
    public TimeSpan RetryDelay(long dequeueCount)
    {
        var doublings = (int)Math.Clamp(dequeueCount - 1, 0, 30);
        var ticks = VisibilityTimeout.Ticks * Math.Pow(2, doublings);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The threshold in effect.</summary>
    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? Math.Max(1, BatchSize / 2 * Environment.ProcessorCount);
}
