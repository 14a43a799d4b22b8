using System.CommandLine;
using SpineTriage.Worker.Cli;

// Ctrl+C and SIGTERM are left to the generic host's console lifetime (graceful shutdown: in-flight
// messages finish or return to the queue), not cut short by the command-line parser.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await SpineTriageCommand.Create().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
