using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>One captured log entry: the formatted line, every structured value, and the exception text.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, string?>> State, string? Exception)
{
    /// <summary>Everything a log sink could print or index for this entry.</summary>
    public IEnumerable<string> Texts()
    {
        yield return Message;
        foreach (var (key, value) in State)
        {
            yield return key;
            if (value is not null)
            {
                yield return value;
            }
        }

        if (Exception is not null)
        {
            yield return Exception;
        }
    }

    public override string ToString() => $"[{Level}] {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}

/// <summary>
/// An <see cref="ILoggerProvider"/> that keeps every entry of every level: the formatted message, each
/// structured state value (as a string), scope values, and the exception's full text.
/// </summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static IEnumerable<KeyValuePair<string, string?>> Values(object? state) => state switch
    {
        null => [],
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Select(p => new KeyValuePair<string, string?>(p.Key, Format(p.Value))),
        _ => [new KeyValuePair<string, string?>("(state)", Format(state))],
    };

    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Select(i => i?.ToString())),
        _ => value.ToString(),
    };

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = Values(state).ToList();
            owner._scopes.ForEachScope((scope, list) => list.AddRange(Values(scope)), values);
            owner._entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
