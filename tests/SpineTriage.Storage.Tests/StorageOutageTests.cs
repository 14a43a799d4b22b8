using System.Diagnostics;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.Worker.Emulator;
using Xunit.Abstractions;

namespace SpineTriage.Storage.Tests;

/// <summary>
/// Storage that cannot be reached: the handler must throw so the host leaves the message on its
/// queue (to be delivered again), never swallow the failure or file the message as rejected.
/// Needs no Azurite, so it runs beside the Azurite collection.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    // Port 1 on loopback: nothing listens, connections are refused at once.
    private static readonly string ClosedPort =
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteEmulator.AccountName};AccountKey={AzuriteEmulator.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:1/{AzuriteEmulator.AccountName};QueueEndpoint=http://127.0.0.1:1/{AzuriteEmulator.AccountName};" +
        $"TableEndpoint=http://127.0.0.1:1/{AzuriteEmulator.AccountName};";

    [Fact]
    public async Task Handle_ValidMessageWhileStorageIsDown_Throws()
    {
        var handler = CreateHandler();
        var clock = Stopwatch.StartNew();

        var error = await Record.ExceptionAsync(() => handler.HandleAsync(ReferralJson.Elective(), new QueueMessageContext("msg-1", 1)));

        output.WriteLine($"threw after {clock.Elapsed.TotalSeconds:F1} s: {error?.GetType().Name}: {error?.Message.Split('\n')[0]}");
        AssertStorageFailure(error);
    }

    [Fact]
    public async Task Handle_InvalidMessageWhileStorageIsDown_Throws()
    {
        var handler = CreateHandler();
        var clock = Stopwatch.StartNew();

        var error = await Record.ExceptionAsync(() => handler.HandleAsync(ReferralJson.NotJson, new QueueMessageContext("msg-1", 1)));

        output.WriteLine($"threw after {clock.Elapsed.TotalSeconds:F1} s: {error?.GetType().Name}");
        AssertStorageFailure(error);
    }

    // Azure.Core's retry policy gives up on a transport failure with an AggregateException of one
    // RequestFailedException per try (an HTTP error status after retries surfaces as RequestFailedException).
    private static void AssertStorageFailure(Exception? error)
    {
        Assert.NotNull(error);
        var failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.NotEmpty(failures);
        Assert.All(failures, e => Assert.IsType<RequestFailedException>(e));
    }

    private static ReferralMessageHandler CreateHandler()
    {
        var options = Options.Create(new StorageOptions { Connection = ClosedPort });
        var clients = new StorageClients(ClosedPort);
        return new ReferralMessageHandler(
            new TriageClassifier(),
            new TableRegionStatusStore(clients, options, TimeProvider.System),
            new TableTriageStore(clients, options, NullLogger<TableTriageStore>.Instance),
            new TableRejectedMessageStore(clients, options),
            TimeProvider.System,
            NullLogger<ReferralMessageHandler>.Instance);
    }
}
