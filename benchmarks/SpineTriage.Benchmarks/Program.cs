using BenchmarkDotNet.Running;
using SpineTriage.Benchmarks;

// `cli`, `pipeline` and `summary-scaling` run the end-to-end harnesses (the spinetriage program; the queue worker on Azurite;
// the summary job with 1x and 10x history on Azurite); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is CliThroughput.Verb or CliThroughput.PassthroughVerb)
{
    return await CliThroughput.RunAsync(args).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == PipelineThroughput.Verb)
{
    return await PipelineThroughput.RunAsync(args).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == SummaryScaling.Verb)
{
    return await SummaryScaling.RunAsync(args).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(TriageBenchmarks).Assembly).Run(args);
return 0;
