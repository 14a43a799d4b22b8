using System.Collections.Concurrent;
using System.Diagnostics;

namespace SpineTriage.Storage.Tests.Builders;

/// <summary>
/// Replays a race step by step: holds one chosen HTTP request of one chosen "worker" (an async flow
/// marked with <see cref="Worker"/>) before it is sent, until the test releases it. It listens to the
/// HttpClient diagnostics (which run synchronously in the caller's flow, before the request leaves),
/// so the store under test runs unchanged, over its own clients, against the real service. It also
/// logs every request of every named worker (<see cref="RequestsOf"/>), to count what an operation costs.
/// </summary>
public sealed class RequestGate : IObserver<DiagnosticListener>, IDisposable
{
    private static readonly AsyncLocal<string?> CurrentWorker = new();
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(20);
    private readonly ConcurrentBag<Hold> _holds = [];
    private readonly ConcurrentQueue<(string Worker, string Request)> _log = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public RequestGate() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>Marks the current async flow (and what it starts) as the named worker.</summary>
    public static string? Worker
    {
        get => CurrentWorker.Value;
        set => CurrentWorker.Value = value;
    }

    /// <summary>Holds the worker's next request with this method whose path contains <paramref name="pathPart"/>.</summary>
    public Hold HoldNext(string worker, HttpMethod method, string pathPart)
    {
        var hold = new Hold(worker, method, pathPart);
        _holds.Add(hold);
        return hold;
    }

    /// <summary>The requests the worker sent, in order, as "METHOD /path" (the path without the account).</summary>
    public IReadOnlyList<string> RequestsOf(string worker) =>
        _log.Where(r => r.Worker == worker).Select(r => r.Request).ToList();

    public void Dispose()
    {
        foreach (var hold in _holds)
        {
            hold.Release();
        }

        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(new Observer(this), (name, _, _) => name == "System.Net.Http.Request"));
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    private void OnRequest(HttpRequestMessage request)
    {
        var worker = Worker;
        if (worker is null)
        {
            return;
        }

        _log.Enqueue((worker, $"{request.Method} {request.RequestUri?.AbsolutePath}"));

        foreach (var hold in _holds)
        {
            if (hold.TryTake(worker, request))
            {
                hold.Block();
                return;
            }
        }
    }

    /// <summary>One held request: the test waits until it is reached, then releases it.</summary>
    public sealed class Hold(string worker, HttpMethod method, string pathPart)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _released = new();
        private int _taken;

        /// <summary>Completes when the worker's request is held.</summary>
        public Task Reached => _reached.Task;

        public void Release() => _released.Set();

        internal bool TryTake(string requestWorker, HttpRequestMessage request) =>
            requestWorker == worker
            && request.Method == method
            && request.RequestUri?.AbsolutePath.Contains(pathPart, StringComparison.Ordinal) == true
            && Interlocked.Exchange(ref _taken, 1) == 0;

        internal void Block()
        {
            _reached.TrySetResult();

            // Synchronous on purpose: the diagnostics callback cannot await, and the request must not leave before release.
            _released.Wait(MaxHold);
        }
    }

    private sealed class Observer(RequestGate gate) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage request)
            {
                gate.OnRequest(request);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
