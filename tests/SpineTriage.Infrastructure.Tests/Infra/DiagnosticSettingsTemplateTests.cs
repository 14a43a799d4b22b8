using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SpineTriage.Infrastructure.Tests.Infra;

/// <summary>
/// The audit trail in the compiled template: diagnostic settings that send every data-plane log
/// category of the pipeline's storage services, Key Vault and Service Bus to the Log Analytics
/// workspace the monitoring module creates.
/// </summary>
[Collection(CompiledTemplate.Name)]
public sealed partial class DiagnosticSettingsTemplateTests(ArmTemplateFixture fixture)
{
    private const string DiagnosticSettings = "Microsoft.Insights/diagnosticSettings";

    private readonly ArmTemplate _arm = fixture.Template;

    private IReadOnlyList<ArmResource> Settings => _arm.OfType(DiagnosticSettings).ToList();

    public static TheoryData<string, string[]> AuditedServices => new()
    {
        // resource type of the setting's scope, the log categories it must send
        { "Microsoft.Storage/storageAccounts/tableServices", ["StorageRead", "StorageWrite", "StorageDelete"] },
        { "Microsoft.Storage/storageAccounts/queueServices", ["StorageRead", "StorageWrite", "StorageDelete"] },
        { "Microsoft.Storage/storageAccounts/blobServices", ["StorageRead", "StorageWrite", "StorageDelete"] },
        { "Microsoft.KeyVault/vaults", ["AuditEvent"] },
        { "Microsoft.ServiceBus/namespaces", ["OperationalLogs", "VNetAndIPFilteringLogs", "RuntimeAuditLogs"] },
    };

    [Theory]
    [MemberData(nameof(AuditedServices))]
    public void Service_DataPlaneLogCategories_AreAllSentAndEnabled(string scopeType, string[] categories)
    {
        var settings = Settings.Where(s => ScopeType(s) == scopeType).ToList();
        Assert.NotEmpty(settings);
        var sent = settings.SelectMany(LogsOf).ToList();
        Assert.All(sent, log => Assert.True(log.Enabled, $"{log.Category} is disabled"));
        Assert.Equal(categories.Order(), sent.Select(l => l.Category).Order());
    }

    [Fact]
    public void Settings_Destination_IsTheMonitoringModulesWorkspaceInResourceSpecificTables()
    {
        Assert.Equal(6, Settings.Count);
        var workspace = _arm.PassedTo("monitoring", "logAnalyticsName")!.ToJsonString();
        Assert.Contains("log-", workspace, StringComparison.Ordinal);
        Assert.All(Settings, s =>
        {
            Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]", s.Properties!["workspaceId"]!.GetValue<string>());
            Assert.Equal(workspace, _arm.ResolveToRoot(s, JsonValue.Create("[parameters('logAnalyticsName')]"))!.ToJsonString());
            Assert.Equal("Dedicated", s.Properties!["logAnalyticsDestinationType"]!.GetValue<string>());
        });
    }

    [Fact]
    public void Settings_Scope_IsTheServicesThisDeploymentCreates()
    {
        var storage = _arm.PassedTo("storage", "name")!.ToJsonString();
        var vault = _arm.PassedTo("keyVault", "name")!.ToJsonString();
        var serviceBus = _arm.PassedTo("serviceBus", "namespaceName")!.ToJsonString();
        Assert.All(Settings, s =>
        {
            var parameter = ScopeParameter().Match(s.Body["scope"]!.GetValue<string>()).Groups["name"].Value;
            var named = _arm.ResolveToRoot(s, JsonValue.Create($"[parameters('{parameter}')]"))!.ToJsonString();
            Assert.Contains(named, new[] { storage, vault, serviceBus });
        });
    }

    [Fact]
    public void Diagnostics_AreDeployedWithOrWithoutPrivateNetworking() =>
        Assert.Null(_arm.Module("diagnostics").Body["condition"]);

    [Fact]
    public void ServiceBusRuntimeAudit_IsOnWheneverTheNamespaceIsPremium()
    {
        // RuntimeAuditLogs (who sent or received which messages) exist only on Premium: the setting
        // that sends them follows the namespace's tier, which is Premium by default.
        var runtime = Assert.Single(Settings, s => LogsOf(s).Any(l => l.Category == "RuntimeAuditLogs"));
        Assert.Equal("[equals(parameters('serviceBusSku'), 'Premium')]", runtime.Body["condition"]!.GetValue<string>());
        var auditTier = _arm.PassedTo("diagnostics", "serviceBusSku");
        var namespaceTier = _arm.PassedTo("serviceBus", "skuName");
        Assert.Equal(namespaceTier!.ToJsonString(), auditTier!.ToJsonString());
        var privateByDefault = _arm.Root["parameters"]!["usePrivateNetworking"]!["defaultValue"]!.GetValue<bool>();
        Assert.Equal("Premium", ArmTemplate.WhenParameter(auditTier, "usePrivateNetworking", privateByDefault));

        // The namespace's other setting carries no Premium-only category, so it deploys on Standard.
        var always = Assert.Single(Settings, s => ScopeType(s) == "Microsoft.ServiceBus/namespaces" && s.Body["condition"] is null);
        Assert.DoesNotContain(LogsOf(always), l => l.Category == "RuntimeAuditLogs");
    }

    // The resource type a setting's scope names: [resourceId('<type>', ...)].
    private static string ScopeType(ArmResource setting) =>
        ScopeResourceType().Match(setting.Body["scope"]!.GetValue<string>()).Groups["type"].Value;

    // The log settings of a diagnostic setting, with a copy loop over a variable expanded.
    private static IEnumerable<(string Category, bool Enabled)> LogsOf(ArmResource setting)
    {
        if (setting.Properties!["logs"] is JsonArray logs)
        {
            return logs.Select(l => (l!["category"]!.GetValue<string>(), l["enabled"]!.GetValue<bool>()));
        }

        var copy = Assert.Single(setting.Properties!["copy"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "logs")!;
        var input = copy["input"]!;
        var variable = CopiedVariable().Match(input["category"]!.GetValue<string>());
        Assert.True(variable.Success, input.ToJsonString());
        Assert.Equal($"[length(variables('{variable.Groups["name"].Value}'))]", copy["count"]!.GetValue<string>());
        var values = setting.Template["variables"]![variable.Groups["name"].Value]!.AsArray();
        var enabled = input["enabled"]!.GetValue<bool>();
        return values.Select(v => (v!.GetValue<string>(), enabled));
    }

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)', ")]
    private static partial Regex ScopeResourceType();

    [GeneratedRegex(@"^\[resourceId\('[^']+', parameters\('(?<name>\w+)'\)")]
    private static partial Regex ScopeParameter();

    [GeneratedRegex(@"^\[variables\('(?<name>\w+)'\)\[copyIndex\('logs'\)\]\]$")]
    private static partial Regex CopiedVariable();
}
