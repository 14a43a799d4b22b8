using Microsoft.Extensions.Logging;

namespace SpineTriage.Reporting.Tests.Builders;

/// <summary>Keeps every formatted log message, with its structured properties.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties)> _entries = [];

    public IReadOnlyList<(string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        lock (_lock)
        {
            _entries.Add((formatter(state, exception), properties));
        }
    }
}
