using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Review;
using SpineTriage.Storage;
using SpineTriage.Worker.Hosting;

namespace SpineTriage.Worker.Cli;

/// <summary>
/// The clinician's commands: <c>review list</c> (the worklist), <c>review decide</c> (confirm or
/// override a result) and <c>history</c> (a referral's audit trail). Each calls the review use case.
/// </summary>
internal static class ReviewCommands
{
    /// <summary>The <c>review</c> command and its subcommands.</summary>
    public static Command Review()
    {
        var review = new Command("review", "The clinician's worklist and decisions.");
        review.Subcommands.Add(List());
        review.Subcommands.Add(Decide());
        return review;
    }

    /// <summary>The <c>history</c> command.</summary>
    public static Command History()
    {
        var storage = PipelineCommands.StorageOption();
        var referral = new Argument<string>("REFERRAL") { Description = "The referral id." };
        var showMessage = new Option<bool>("--show-message")
        {
            Description = "Include each message as received (patient data: the notes and patient fields). Without it, only its size is shown.",
        };
        var command = new Command(
            "history",
            "Print a referral's audit trail as JSON Lines, oldest first: each machine decision (the result, the rule-set version, the message's size) and each clinician decision (who, when, why).")
        {
            storage, referral, showMessage,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            await session.Services.GetRequiredService<TableTriageStore>().CreateTablesAsync(cancellationToken).ConfigureAwait(false);
            var service = session.Services.GetRequiredService<ReviewService>();
            var id = parse.GetValue(referral)!;
            if (!ReviewService.IsReferralId(id))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("spinetriage history: the referral id is 1-64 of A-Z a-z 0-9 - _ .").ConfigureAwait(false);
                return 2;
            }

            var withMessage = parse.GetValue(showMessage);
            if (withMessage)
            {
                await MessageBodies.WarnAsync("history", parse.InvocationConfiguration.Error, "--show-message").ConfigureAwait(false);
            }

            var entries = 0;
            await foreach (var entry in service.GetTrailAsync(id, cancellationToken).ConfigureAwait(false))
            {
                entries++;
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w => ReviewJson.WriteTrailEntry(w, entry, withMessage)).ConfigureAwait(false);
            }

            if (entries == 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage history: no referral {id} has been triaged").ConfigureAwait(false);
                return 2;
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var storage = PipelineCommands.StorageOption();
        var region = new Option<string?>("--region") { Description = "Only this region." };
        var command = new Command(
            "list",
            "Print the worklist as JSON Lines: every referral whose current result needs a clinician (disposition review, or needsReview) and has no clinician decision. "
            + "Emergent first, then Unclassified, Urgent, Elective; the longest waiting first. Fields: referralId, sequence, region, category, disposition, criteria, reasons, waitingSince.")
        {
            storage, region,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            await session.Services.GetRequiredService<TableTriageStore>().CreateTablesAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(region) is { } onlyRegion
                && await PipelineCommands.UnknownRegionAsync(session, "review list", onlyRegion, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false))
            {
                return 2;
            }

            var service = session.Services.GetRequiredService<ReviewService>();
            foreach (var item in await service.ListAsync(parse.GetValue(region), cancellationToken).ConfigureAwait(false))
            {
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w => ReviewJson.WriteWorklistItem(w, item)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command Decide()
    {
        var storage = PipelineCommands.StorageOption();
        var referral = new Argument<string>("REFERRAL") { Description = "The referral id." };
        var sequence = new Option<long>("--sequence") { Description = "The sequence of the result reviewed (from review list): refused if a newer message has arrived.", Required = true };
        var confirm = new Option<bool>("--confirm") { Description = "Confirm the machine's category and disposition." };
        var category = new Option<string?>("--category") { Description = "Override the category.", HelpName = "Emergent|Urgent|Elective" };
        var disposition = new Option<string?>("--disposition") { Description = "Override the disposition.", HelpName = "proceed|postpone" };
        var by = new Option<string>("--by") { Description = "Who decides (recorded in the trail).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (required for an override; recorded in the trail)." };
        var command = new Command(
            "decide",
            "Record a clinician's decision on a referral's current sequence: --confirm, or override with --category and/or --disposition and a --reason. "
            + "Prints the referral as it now stands (as results prints it).")
        {
            storage, referral, sequence, confirm, category, disposition, by, reason,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(storage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            await session.Services.GetRequiredService<TableTriageStore>().CreateTablesAsync(cancellationToken).ConfigureAwait(false);
            var service = session.Services.GetRequiredService<ReviewService>();
            var request = new DecisionRequest(
                parse.GetValue(referral)!, parse.GetValue(sequence), parse.GetValue(confirm), parse.GetValue(category), parse.GetValue(disposition),
                parse.GetValue(by)!, parse.GetValue(reason));
            var decided = await service.DecideAsync(request, cancellationToken).ConfigureAwait(false);
            if (decided.Error is { } error)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"spinetriage review decide: {error.Message}").ConfigureAwait(false);
                return 2;
            }

            if (await service.GetCaseAsync(request.ReferralId, cancellationToken).ConfigureAwait(false) is { } now)
            {
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w => ReviewJson.WriteCase(w, now)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
