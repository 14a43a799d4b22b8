using System.CommandLine;
using SpineTriage.Core.Triage;

namespace SpineTriage.Worker.Cli;

/// <summary><c>spinetriage classify [--region-status normal|constrained|crisis] [FILE|-]</c>.</summary>
internal static class ClassifyCommand
{
    /// <summary>Exit code when every input was classified.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the input could not be read (missing file...).</summary>
    public const int InputError = 1;

    /// <summary>Exit code when at least one message broke the contract.</summary>
    public const int InvalidMessages = 2;

    public static Command Create()
    {
        var status = new Option<string>("--region-status", "-s")
        {
            Description = "The region status applied to every referral (resources: case load, staff, PPE, beds).",
            HelpName = "normal|constrained|crisis",
            DefaultValueFactory = _ => RegionStatuses.Default.Name(),
        };
        status.AcceptOnlyFromAmong("normal", "constrained", "crisis");

        var input = new Argument<string>("FILE")
        {
            Description = "A JSON referral, or JSON Lines (one referral per line). '-' or nothing reads standard input.",
            DefaultValueFactory = _ => "-",
        };

        var command = new Command("classify",
            "Classify referrals (v1 contract) and write one result JSON object per input, in input order, to standard output. "
            + "An invalid input writes {\"referralId\": <id or null>, \"error\": \"<each bad field>\"} instead, the other inputs are still classified, "
            + "and the exit code is 2; otherwise 0. An unreadable FILE exits 1.")
        {
            status,
            input,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var regionStatus = RegionStatuses.Parse(parse.GetValue(status));
            var path = parse.GetValue(input) ?? "-";
            Stream source;
            try
            {
                source = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage classify: cannot read {path}: {exception.Message}").ConfigureAwait(false);
                return InputError;
            }

            // Build the clinical lexicon on the idle core while the first input is read and parsed.
            var warmUp = Task.Run(() => SpineTriage.Core.ClinicalText.ClinicalTextReader.Default, cancellationToken);
            await using (source.ConfigureAwait(false))
            {
                await using var output = Console.OpenStandardOutput();
                var runner = new ClassifyRunner(new TriageClassifier(), TimeProvider.System);
                var summary = await runner.RunAsync(source, output, regionStatus, cancellationToken).ConfigureAwait(false);
                await warmUp.ConfigureAwait(false);
                return summary.Invalid > 0 ? InvalidMessages : Ok;
            }
        });

        return command;
    }
}
