using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SpineTriage.Storage;
using SpineTriage.Worker.Hosting;

namespace SpineTriage.Worker.Cli;

/// <summary><c>spinetriage poison list|replay</c>: the operator's view of <c>&lt;queue&gt;-poison</c>.</summary>
internal static class PoisonCommands
{
    public static Command Create()
    {
        var poison = new Command("poison", "The poison queue: messages that failed MaxDequeueCount times (original bodies).");

        var listStorage = PipelineCommands.StorageOption();
        var showBody = MessageBodies.ShowBodyOption();
        var list = new Command("list", "Print the poison queue's messages (up to 32, without removing them) as JSON Lines: messageId, insertedAt, dequeueCount, size; the body only with --show-body.") { listStorage, showBody };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var show = parse.GetValue(showBody);
            if (show)
            {
                await MessageBodies.WarnAsync("poison list", parse.InvocationConfiguration.Error).ConfigureAwait(false);
            }

            await using var session = await PipelineSession.StartAsync(parse.GetValue(listStorage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var queues = session.Services.GetRequiredService<ReferralQueues>();
            await queues.CreateAsync(cancellationToken).ConfigureAwait(false);
            // Read as stored: a body that is not Base64 is shown as it is, never dropped from the list.
            var messages = (await queues.RawPoison.PeekMessagesAsync(32, cancellationToken).ConfigureAwait(false)).Value;
            foreach (var message in messages)
            {
                await JsonLines.WriteAsync(parse.InvocationConfiguration.Output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("messageId", message.MessageId);
                    w.WriteString("insertedAt", message.InsertedOn?.ToString("O", CultureInfo.InvariantCulture));
                    w.WriteNumber("dequeueCount", message.DequeueCount);
                    MessageBodies.Write(w, ReferralQueues.TryDecode(message.Body, out var body) ? body.Span : message.Body.ToMemory().Span, show);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }

            return 0;
        });

        var replayStorage = PipelineCommands.StorageOption();
        var replay = new Command("replay", "Move every poison message back to the referral queue (after the cause is fixed); prints how many moved. Safe: a redelivery changes nothing stored.") { replayStorage };
        replay.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await PipelineSession.StartAsync(parse.GetValue(replayStorage), listen: false, untilIdle: false, LogLevel.Warning, cancellationToken).ConfigureAwait(false);
            var queues = session.Services.GetRequiredService<ReferralQueues>();
            await queues.CreateAsync(cancellationToken).ConfigureAwait(false);
            var moved = 0;
            while (true)
            {
                var messages = (await queues.Poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false)).Value;
                if (messages.Length == 0)
                {
                    break;
                }

                foreach (var message in messages)
                {
                    // Send first, delete second: a crash in between leaves a copy in both, never none.
                    await queues.Queue.SendMessageAsync(message.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await queues.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                    moved++;
                }
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(moved.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return 0;
        });

        poison.Subcommands.Add(list);
        poison.Subcommands.Add(replay);
        return poison;
    }
}
