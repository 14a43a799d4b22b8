using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SpineTriage.Worker.Hosting;

/// <summary>
/// One short line per log entry for an operator's terminal: time, level and message, without the
/// event ids and category names of the default formatter; the category's last part only for
/// warnings and errors, and of an exception its type and first line, never its stack trace.
/// </summary>
internal sealed class ConciseConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "spinetriage";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(DateTimeOffset.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce ",
            LogLevel.Debug => "dbug ",
            LogLevel.Information => "info ",
            LogLevel.Warning => "WARN ",
            LogLevel.Error => "FAIL ",
            LogLevel.Critical => "CRIT ",
            _ => string.Empty,
        });
        if (logEntry.LogLevel >= LogLevel.Warning)
        {
            var category = logEntry.Category;
            textWriter.Write('[');
            textWriter.Write(category[(category.LastIndexOf('.') + 1)..]);
            textWriter.Write("] ");
        }

        textWriter.Write(message);
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write($" ({exception.GetType().Name}: {Storage.StorageErrors.FirstLine(exception.Message)})");
        }

        textWriter.WriteLine();
    }
}

/// <summary>The console logging every command uses: standard error, one concise line per entry.</summary>
internal static class ConciseConsoleLogging
{
    public static ILoggingBuilder AddConciseConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddConsole(o =>
        {
            o.FormatterName = ConciseConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<ConciseConsoleFormatter, ConsoleFormatterOptions>();
        return logging;
    }
}
