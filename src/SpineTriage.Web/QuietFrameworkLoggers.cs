using Microsoft.Extensions.Logging;

namespace SpineTriage.Web;

/// <summary>
/// The host's loggers with ASP.NET Core's own categories (<c>Microsoft.*</c>) kept to warnings and
/// errors (the hosting's own start and stop, to critical only): the console logs its decisions
/// (referral ids), not every request's address line.
/// </summary>
internal sealed class QuietFrameworkLoggers : ILoggerFactory
{
    private readonly ILoggerFactory _inner;

    public QuietFrameworkLoggers(ILoggerFactory inner) => _inner = inner;

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public ILogger CreateLogger(string categoryName)
    {
        var logger = _inner.CreateLogger(categoryName);
        // A failure to start is thrown to the host, which says it in one line: the hosting log would say it twice.
        return categoryName.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) ? new AtLeast(logger, LogLevel.Critical)
            : categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? new AtLeast(logger, LogLevel.Warning)
            : logger;
    }

    // The host owns the inner factory.
    public void Dispose()
    {
    }

    private sealed class AtLeast(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
