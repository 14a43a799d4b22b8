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

    /// <summary>How long a failed message stays invisible before it is retried. Functions: <c>visibilityTimeout</c>, default 0.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>How long a received message stays invisible while it is processed (Functions uses 10 minutes).</summary>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Failed deliveries before the message moves to <c>&lt;queue&gt;-poison</c>. Functions: <c>maxDequeueCount</c>, default 5.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The first wait after an empty receive; it doubles while the queue stays empty.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between polls of an empty queue. Functions: <c>maxPollingInterval</c>, default 1 minute.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Stop (exit 0) once the queue is empty and all work is stored: for batch runs and tests.</summary>
    public bool UntilIdle { get; set; }

    /// <summary>The threshold in effect.</summary>
    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? Math.Max(1, BatchSize / 2 * Environment.ProcessorCount);
}
