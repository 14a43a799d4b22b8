using System.CommandLine;
using SpineTriage.Worker.Cli;

// Ctrl+C and SIGTERM are left to the generic host's console lifetime (graceful shutdown: in-flight
// messages finish or return to the queue), not cut short by the command-line parser. Errors are one
// line and an exit code (CliErrors); the stack trace only with --verbose.
var parse = SpineTriageCommand.Create().Parse(args);
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
try
{
    return await parse.InvokeAsync(invocation).ConfigureAwait(false);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    return await CliErrors.ReportAsync(parse, e, invocation.Error).ConfigureAwait(false);
}
