using System.Text.Json.Nodes;

namespace SpineTriage.Infrastructure.Tests.Infra;

[Collection(CompiledTemplate.Name)]
public sealed class StorageTemplateTests(ArmTemplateFixture fixture)
{
    private readonly ArmTemplate _arm = fixture.Template;

    private JsonNode Storage => _arm.Single("Microsoft.Storage/storageAccounts").Properties!;

    [Fact]
    public void StorageAccount_SharedKeyAccess_IsDisabled() =>
        Assert.False(Storage["allowSharedKeyAccess"]!.GetValue<bool>());

    [Fact]
    public void StorageAccount_Traffic_IsHttpsOnly() =>
        Assert.True(Storage["supportsHttpsTrafficOnly"]!.GetValue<bool>());

    [Fact]
    public void StorageAccount_MinimumTls_Is12() =>
        Assert.Equal("TLS1_2", Storage["minimumTlsVersion"]!.GetValue<string>());

    [Fact]
    public void StorageAccount_BlobPublicAccess_IsDisabled() =>
        Assert.False(Storage["allowBlobPublicAccess"]!.GetValue<bool>());

    [Fact]
    public void StorageAccount_EntraIdAuthentication_IsTheDefault() =>
        Assert.True(Storage["defaultToOAuthAuthentication"]!.GetValue<bool>());

    [Fact]
    public void Tables_ThePipelinesEight_AreCreated()
    {
        var tables = _arm.Single("Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Equal("[length(parameters('tableNames'))]", tables.Body["copy"]!["count"]!.GetValue<string>());
        var names = ArmTemplate.Resolve(tables, JsonValue.Create("[parameters('tableNames')]"))!;
        var passed = ArmTemplate.Resolve(_arm.Resources.First(r => r.Symbol == "storage"), names)!.AsArray()
            .Select(n => n!.GetValue<string>());
        Assert.Equal(["TriageResults", "PostponedCases", "ReviewBacklog", "RejectedMessages", "RegionStatuses", "SummaryRuns", "ReviewAlerts", "ReviewAlertsSent"], passed);
    }

    [Fact]
    public void DeploymentContainer_PublicAccess_IsNone()
    {
        var container = _arm.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", container.Properties!["publicAccess"]!.GetValue<string>());
    }
}
