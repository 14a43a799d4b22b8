using SpineTriage.Core.ClinicalText;
using Xunit.Abstractions;

namespace SpineTriage.Core.Tests.ClinicalText;

/// <summary>
/// Every process that classifies builds the reader from the lexicon once, at start. A lexicon phrase
/// is expanded into every combination of its alternatives, so one phrase with many groups can make
/// hundreds of thousands of paths (one such phrase once cost 0.8 s and 170 MiB at every start, and a
/// third of the classify command's throughput). The bytes the build allocates are deterministic, so
/// they bound the cost without timing anything.
/// </summary>
public sealed class ReaderBuildCostTests(ITestOutputHelper output)
{
    // About 55 MiB today (65 MiB before small trie nodes kept their children in arrays; 206 MiB with the
    // phrase that prompted this test); a phrase that multiplies the paths shows at once.
    private const long MaxBuildBytes = 60L * 1024 * 1024;

    [Fact]
    public void Build_TheLexicon_AllocatesABoundedAmount()
    {
        var lexicon = ClinicalLexicon.Default;
        var before = GC.GetAllocatedBytesForCurrentThread();

        _ = new ClinicalTextReader(lexicon);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"building the reader allocated {allocated / 1048576.0:F1} MiB");
        Assert.True(allocated < MaxBuildBytes, $"building the reader allocated {allocated / 1048576.0:F1} MiB (limit {MaxBuildBytes / 1048576} MiB): a lexicon phrase has too many combinations of alternatives; split it or drop rare alternatives");
    }
}
