using System.CommandLine;

namespace SpineTriage.Worker.Cli;

/// <summary>The <c>spinetriage</c> command line: one root command with a verb per job.</summary>
internal static class SpineTriageCommand
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "SpineTriage: triage of spine procedure referrals by the NASS COVID-19 guidance (decision support: a clinician decides).");
        root.Options.Add(CliErrors.Verbose);
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(PipelineCommands.Run());
        root.Subcommands.Add(PipelineCommands.Submit());
        root.Subcommands.Add(PipelineCommands.Results());
        root.Subcommands.Add(PipelineCommands.Rejects());
        root.Subcommands.Add(PipelineCommands.Region());
        root.Subcommands.Add(ReviewCommands.Review());
        root.Subcommands.Add(ReviewCommands.History());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(PoisonCommands.Create());
        root.Subcommands.Add(SummaryCommand.Create());
        root.Subcommands.Add(AlertsCommand.Create());
        root.Subcommands.Add(StorageCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }
}
