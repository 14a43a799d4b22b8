using System.CommandLine;
using SpineTriage.Storage;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// What a user sees when a command fails: one line naming what to fix and an exit code, never a
/// stack trace unless asked for with <c>--verbose</c>.
/// </summary>
internal static class CliErrors
{
    /// <summary><c>--verbose</c>, on every command: print the full error after its one line.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On failure, print the full error (with its stack trace) after the one-line message.",
        Recursive = true,
    };

    /// <summary>Whether retrying cannot help: the configuration, the credentials or the account is wrong (exit code 2).</summary>
    public static bool IsPermanent(Exception exception) =>
        StorageErrors.IsPermanent(exception) || exception is FormatException or ArgumentException or UriFormatException or InvalidOperationException { Source: "Microsoft.Extensions.Options" };

    /// <summary>The one line for an error.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        _ when StorageErrors.IsStorageFailure(exception) => StorageErrors.Describe(exception),
        ArgumentException { ParamName: "connection" } =>
            $"the storage connection is not valid: check {StorageErrors.StorageSettings} (a connection string, or an https://<account>.<service>.core.windows.net URI)",
        FormatException or ArgumentException or UriFormatException => FirstLine(exception.Message),
        OperationCanceledException => "cancelled",
        _ => FirstLine(exception.Message),
    };

    /// <summary>Writes the one line (and the full error with --verbose) and returns the exit code: 2 permanent, 1 otherwise.</summary>
    public static async Task<int> ReportAsync(ParseResult parse, Exception exception, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync($"{CommandPath(parse)}: {Describe(exception)}").ConfigureAwait(false);
        if (parse.GetValue(Verbose))
        {
            await error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
        }

        return IsPermanent(exception) ? 2 : 1;
    }

    // "spinetriage region set", from the command that ran up to the root.
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "spinetriage" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string FirstLine(string message)
    {
        var first = StorageErrors.FirstLine(message);
        return first.Length > 300 ? string.Concat(first.AsSpan(0, 300), "…") : first;
    }
}
