using BenchmarkDotNet.Running;
using SpineTriage.Benchmarks;

// `cli` and `pipeline` run the end-to-end harnesses (the spinetriage program; the queue worker on Azurite); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is CliThroughput.Verb or CliThroughput.PassthroughVerb)
{
    return await CliThroughput.RunAsync(args).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == PipelineThroughput.Verb)
{
    return await PipelineThroughput.RunAsync(args).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(TriageBenchmarks).Assembly).Run(args);
return 0;
