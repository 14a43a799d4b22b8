using System.Collections.Concurrent;
using System.Diagnostics;
using SpineTriage.Core.Pipeline;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>Where <see cref="CrashingTriageStore"/> fails a referral's first save.</summary>
internal enum CrashPoint
{
    /// <summary>Before anything is written: a transient failure.</summary>
    BeforeSave,

    /// <summary>After the result is stored, before the handler returns: the worker "dies" before deleting the message.</summary>
    AfterSave,
}

/// <summary>
/// Wraps the real store and fails the first save of chosen referrals, once each, then behaves.
/// Records every call's outcome and when each crash happened.
/// </summary>
internal sealed class CrashingTriageStore(ITriageStore inner, IEnumerable<string> crashOnce, CrashPoint point) : ITriageStore
{
    private readonly ConcurrentDictionary<string, byte> _pending = new(crashOnce.Select(id => KeyValuePair.Create(id, (byte)0)));
    private readonly TaskCompletionSource _firstCrash = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every completed call: referral id and what the real store returned.</summary>
    public ConcurrentQueue<(string ReferralId, long Sequence, SaveOutcome Outcome)> Calls { get; } = new();

    /// <summary>Referral ids whose save was made to fail, with the time (Stopwatch timestamp) of the failure.</summary>
    public ConcurrentDictionary<string, long> Crashed { get; } = new();

    /// <summary>Completes when the first crash has happened.</summary>
    public Task FirstCrash => _firstCrash.Task;

    public async Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default)
    {
        var id = decision.Result.ReferralId;
        if (point == CrashPoint.BeforeSave && _pending.TryRemove(id, out _))
        {
            throw Crash(id);
        }

        var outcome = await inner.SaveAsync(decision, cancellationToken);
        Calls.Enqueue((id, decision.Result.Sequence, outcome));
        if (point == CrashPoint.AfterSave && _pending.TryRemove(id, out _))
        {
            throw Crash(id);
        }

        return outcome;
    }

    private IOException Crash(string id)
    {
        Crashed[id] = Stopwatch.GetTimestamp();
        _firstCrash.TrySetResult();
        return new IOException($"Simulated worker crash ({point}) for referral {id}.");
    }
}

/// <summary>
/// Wraps the real store and makes each save wait first (cancellable, as a slow network call is);
/// counts saves in progress and their maximum with <see cref="Interlocked"/>, and tells
/// <c>started</c> about each save as it begins, with its wait.
/// </summary>
internal sealed class SlowTriageStore(ITriageStore inner, Func<TriageDecision, TimeSpan> delay, Action<SlowTriageStore, TimeSpan>? started = null) : ITriageStore
{
    private int _current;
    private int _max;
    private int _started;
    private int _completed;
    private int _cancelled;

    public int MaxConcurrent => Volatile.Read(ref _max);

    public int Started => Volatile.Read(ref _started);

    public int Completed => Volatile.Read(ref _completed);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public async Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        var now = Interlocked.Increment(ref _current);
        for (var max = Volatile.Read(ref _max); now > max; max = Volatile.Read(ref _max))
        {
            if (Interlocked.CompareExchange(ref _max, now, max) == max)
            {
                break;
            }
        }

        try
        {
            var wait = delay(decision);
            started?.Invoke(this, wait);
            await Task.Delay(wait, cancellationToken);
            var outcome = await inner.SaveAsync(decision, cancellationToken);
            Interlocked.Increment(ref _completed);
            return outcome;
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }
    }
}

/// <summary>
/// Wraps the real store with a gate: while it is closed, saves wait (they stay in flight) before
/// reaching storage.
/// </summary>
internal sealed class GatedTriageStore(ITriageStore inner) : ITriageStore
{
    private TaskCompletionSource _gate = Opened();
    private int _waiting;

    /// <summary>Saves waiting at the closed gate.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public void Close() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Open() => Volatile.Read(ref _gate).TrySetResult();

    public async Task<SaveOutcome> SaveAsync(TriageDecision decision, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await Volatile.Read(ref _gate).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return await inner.SaveAsync(decision, cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
