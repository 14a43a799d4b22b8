using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SpineTriage.Core.Pipeline;
using SpineTriage.Core.Triage;
using SpineTriage.Storage.Tests.Builders;
using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests;

/// <summary>The pipeline as the hosts register it (<see cref="StorageServiceCollectionExtensions.AddSpineTriagePipeline"/>).</summary>
[Collection(SharedAzurite.Name)]
public sealed class PipelineRegistrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddSpineTriagePipeline_ProvisionedHost_HandlesAMessageIntoItsConfiguredTables()
    {
        var names = StorageHarness.UniqueOptions(azurite);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddSpineTriagePipeline(o =>
        {
            o.Connection = names.Connection;
            o.QueueName = names.QueueName;
            o.ResultsTable = names.ResultsTable;
            o.PostponedTable = names.PostponedTable;
            o.ReviewTable = names.ReviewTable;
            o.RejectedTable = names.RejectedTable;
            o.RegionsTable = names.RegionsTable;
        });
        using var host = builder.Build();
        await host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
        await host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
        await host.Services.GetRequiredService<TableRegionStatusStore>().SetAsync("north-east", RegionStatus.Normal, "ops");
        var handler = host.Services.GetRequiredService<ReferralMessageHandler>();

        var outcome = await handler.HandleAsync(ReferralJson.Elective(), new QueueMessageContext("msg-1", 1));

        Assert.Equal(HandleOutcome.Stored, outcome);
        Assert.Same(host.Services.GetRequiredService<TableTriageStore>(), host.Services.GetRequiredService<ITriageStore>());
        var stored = await host.Services.GetRequiredService<TableTriageStore>().GetAsync("REF-2026-000123");
        Assert.Equal((RegionStatus.Normal, Disposition.Proceed), (stored!.RegionStatus, stored.Disposition));
        var queues = host.Services.GetRequiredService<ReferralQueues>();
        Assert.Equal(names.QueueName, queues.Queue.Name);
        Assert.True(await queues.Queue.ExistsAsync());
        Assert.True(await queues.Poison.ExistsAsync());

        // The same rows are where the names say, seen without the host.
        var raw = await StorageHarness.AllRowsAsync(new Azure.Data.Tables.TableClient(azurite.ConnectionString, names.ResultsTable));
        Assert.NotEmpty(raw);
        Assert.All(raw, row => Assert.Equal("REF-2026-000123", row.PartitionKey));
    }
}
