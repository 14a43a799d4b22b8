using BenchmarkDotNet.Running;
using SpineTriage.Benchmarks;

// `cli FILE-or-count` runs the end-to-end harness of the spinetriage program; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] is CliThroughput.Verb or CliThroughput.PassthroughVerb)
{
    return await CliThroughput.RunAsync(args).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(TriageBenchmarks).Assembly).Run(args);
return 0;
