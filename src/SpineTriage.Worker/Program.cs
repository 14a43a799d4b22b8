using SpineTriage.Worker.Cli;

return await SpineTriageCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
