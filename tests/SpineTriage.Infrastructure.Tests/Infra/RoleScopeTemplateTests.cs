using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SpineTriage.Infrastructure.Tests.Infra;

/// <summary>
/// The scopes of the app's role assignments in the compiled template: each one below the storage
/// account, Service Bus namespace or Key Vault (a table, a container, a queue, a secret), never the
/// account, namespace, vault, resource group or subscription.
/// </summary>
[Collection(CompiledTemplate.Name)]
public sealed partial class RoleScopeTemplateTests(ArmTemplateFixture fixture)
{
    private readonly ArmTemplate _arm = fixture.Template;

    private IReadOnlyList<ArmResource> Assignments => _arm.OfType("Microsoft.Authorization/roleAssignments").ToList();

    /// <summary>The scopes a data-plane role may have: one entity, never the service around it.</summary>
    private static readonly HashSet<string> EntityScopes =
    [
        "Microsoft.Storage/storageAccounts/tableServices/tables",
        "Microsoft.Storage/storageAccounts/blobServices/containers",
        "Microsoft.Storage/storageAccounts/queueServices/queues",
        "Microsoft.ServiceBus/namespaces/queues",
        "Microsoft.KeyVault/vaults/secrets",
        // Telemetry ingestion: an Application Insights component has no narrower scope.
        "Microsoft.Insights/components",
    ];

    [Fact]
    public void RoleAssignments_Scope_IsOneEntityNeverTheAccountNamespaceOrVault()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            // No scope at all would be the resource group the module deploys to.
            var scope = a.Body["scope"]?.GetValue<string>();
            Assert.False(scope is null, $"{a.Symbol} has no scope: it would apply to the whole resource group");
            var type = ScopeResourceType().Match(scope).Groups["type"].Value;
            Assert.Contains(type, EntityScopes);
        });
    }

    [Fact]
    public void TableDataContributor_IsOneAssignmentPerPipelineTable()
    {
        var tables = Assert.Single(Assignments, a => RoleOf(a) == BuiltInRoles.StorageTableDataContributor);
        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', parameters('storageAccountName'), 'default', parameters('tableNames')[copyIndex()])]",
            tables.Body["scope"]!.GetValue<string>());
        Assert.Equal("[length(parameters('tableNames'))]", tables.Body["copy"]!["count"]!.GetValue<string>());

        // The tables the roles name are the tables the storage module creates: the pipeline's eight.
        var granted = Strings(_arm.PassedTo("rbac", "tableNames"));
        Assert.Equal(Strings(_arm.PassedTo("storage", "tableNames")), granted);
        Assert.Equal(["TriageResults", "PostponedCases", "ReviewBacklog", "RejectedMessages", "RegionStatuses", "SummaryRuns", "ReviewAlerts", "ReviewAlertsSent"], granted);
    }

    [Fact]
    public void BlobDataOwner_IsOneAssignmentPerHostOrDeploymentContainer()
    {
        var containers = Assert.Single(Assignments, a => RoleOf(a) == BuiltInRoles.StorageBlobDataOwner);
        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('blobContainerNames')[copyIndex()])]",
            containers.Body["scope"]!.GetValue<string>());
        Assert.Equal("[length(parameters('blobContainerNames'))]", containers.Body["copy"]!["count"]!.GetValue<string>());

        // The containers exist before the roles (the storage module creates the same list): the
        // deployment package's, the host's schedule monitor, locks and host id, the host's keys.
        var granted = Strings(_arm.PassedTo("rbac", "blobContainerNames"));
        Assert.Equal(Strings(_arm.PassedTo("storage", "containerNames")), granted);
        var deploymentContainer = _arm.PassedTo("functions", "deploymentContainerName")!.GetValue<string>();
        Assert.Equal([deploymentContainer, "azure-webjobs-hosts", "azure-webjobs-secrets"], granted);
        Assert.Equal("app-package", deploymentContainer);
    }

    [Fact]
    public void HostStorage_TableEndpoint_IsNotSetBecauseItWouldNeedAnAccountWideTableRole()
    {
        // The host's diagnostic events create, list and purge monthly tables: that needs Storage Table
        // Data Contributor on the table service, i.e. on every patient table. The host runs without it.
        var settings = _arm.AppSettings();
        Assert.False(settings.ContainsKey("AzureWebJobsStorage__tableServiceUri"));
        Assert.DoesNotContain(Assignments, a => ScopeResourceType().Match(a.Body["scope"]!.GetValue<string>()).Groups["type"].Value == "Microsoft.Storage/storageAccounts/tableServices");
    }

    [Fact]
    public void StorageQueues_GetNoRole_BecauseTheAppUsesNone()
    {
        Assert.DoesNotContain(Assignments, a => RoleOf(a) == BuiltInRoles.StorageQueueDataContributor);
        Assert.DoesNotContain(Assignments, a => a.Body["scope"]!.GetValue<string>().Contains("queueServices", StringComparison.Ordinal));
        Assert.False(_arm.AppSettings().ContainsKey("AzureWebJobsStorage__queueServiceUri"));
    }

    // A root-resolved array of strings, each element resolved to the root too.
    private List<string> Strings(JsonNode? array)
    {
        var root = _arm.Module("storage");
        return array!.AsArray().Select(e => _arm.ResolveToRoot(root, e)!.GetValue<string>()).ToList();
    }

    // The role definition id of an assignment, with variables('roles').x resolved.
    private static string RoleOf(ArmResource assignment)
    {
        var expression = assignment.Properties!["roleDefinitionId"]!.GetValue<string>();
        var role = RolesVariable().Match(expression);
        return role.Success
            ? assignment.Template["variables"]![role.Groups["name"].Value]![role.Groups["member"].Value]!.GetValue<string>()
            : expression;
    }

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)', ")]
    private static partial Regex ScopeResourceType();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)\.(?<member>\w+)")]
    private static partial Regex RolesVariable();
}
