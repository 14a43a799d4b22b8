using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SpineTriage.TestSupport;

/// <summary>
/// Writes log entries as xunit diagnostic messages (shown with <c>diagnosticMessages</c> on, or in
/// <c>dotnet test -v n</c>): fixtures have no test output helper.
/// </summary>
public sealed class MessageSinkLogger(IMessageSink sink, LogLevel minimum = LogLevel.Information) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var text = $"[{logLevel}] {formatter(state, exception)}";
        if (exception is not null)
        {
            text += Environment.NewLine + exception;
        }

        sink.OnMessage(new DiagnosticMessage(text));
    }
}
