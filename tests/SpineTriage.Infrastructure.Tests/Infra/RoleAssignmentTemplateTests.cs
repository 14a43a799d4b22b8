using System.Text.RegularExpressions;

namespace SpineTriage.Infrastructure.Tests.Infra;

[Collection(CompiledTemplate.Name)]
public sealed partial class RoleAssignmentTemplateTests(ArmTemplateFixture fixture)
{
    private readonly ArmTemplate _arm = fixture.Template;

    private IReadOnlyList<(ArmResource Assignment, string Role)> Assignments =>
        _arm.OfType("Microsoft.Authorization/roleAssignments")
            .Select(a => (a, RoleOf(a)))
            .ToList();

    [Fact]
    public void RoleAssignments_Roles_AreExactlyWhatTheAppNeeds()
    {
        string[] expected =
        [
            BuiltInRoles.ServiceBusDataReceiver,
            BuiltInRoles.StorageBlobDataOwner,
            BuiltInRoles.StorageTableDataContributor,
            BuiltInRoles.KeyVaultSecretsUser, // the SMTP password
            BuiltInRoles.KeyVaultSecretsUser, // the review console sign-in's client secret (when configured)
            BuiltInRoles.MonitoringMetricsPublisher,
        ];
        Assert.Equal(expected.Order(), Assignments.Select(a => a.Role).Order());
    }

    [Theory]
    [InlineData(BuiltInRoles.Owner)]
    [InlineData(BuiltInRoles.Contributor)]
    [InlineData(BuiltInRoles.UserAccessAdministrator)]
    [InlineData(BuiltInRoles.ServiceBusDataOwner)]
    [InlineData(BuiltInRoles.ServiceBusDataSender)]
    [InlineData(BuiltInRoles.StorageQueueDataContributor)]
    [InlineData(BuiltInRoles.StorageBlobDataContributor)]
    public void RoleAssignments_BroaderOrUnneededRole_IsNotGranted(string role)
    {
        Assert.DoesNotContain(Assignments, a => a.Role == role);
        Assert.DoesNotContain(role, _arm.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RoleAssignments_Names_AreGuidsOfScopeIdentityAndRole() =>
        Assert.All(Assignments, a =>
        {
            var name = a.Assignment.Body["name"]!.GetValue<string>();
            Assert.StartsWith("[guid(", name, StringComparison.Ordinal);
            Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", name, StringComparison.Ordinal);
        });

    [Fact]
    public void RoleAssignments_Principal_IsTheAppsIdentityAsAServicePrincipal()
    {
        // The app runs as the identity the identity module creates; rbac.bicep names the same one.
        var identityName = _arm.PassedTo("identity", "name")!.ToJsonString();
        Assert.Contains("id-func-", identityName, StringComparison.Ordinal);
        Assert.All(Assignments, a =>
        {
            Assert.Equal("ServicePrincipal", a.Assignment.Properties!["principalType"]!.GetValue<string>());
            // rbac.bicep compiles with symbolic names: principalId is reference('<symbol>').principalId.
            var principal = PrincipalReference().Match(a.Assignment.Properties!["principalId"]!.GetValue<string>());
            Assert.True(principal.Success, a.Assignment.Properties!["principalId"]!.GetValue<string>());
            var identity = a.Assignment.Template["resources"]![principal.Groups["symbol"].Value]!;
            Assert.Equal("Microsoft.ManagedIdentity/userAssignedIdentities", identity["type"]!.GetValue<string>());
            Assert.True(identity["existing"]!.GetValue<bool>());
            var name = _arm.ResolveToRoot(a.Assignment, identity["name"])!.ToJsonString();
            Assert.Equal(identityName, name);
        });
    }

    [Fact]
    public void ServiceBusDataReceiver_Scope_IsTheReferralQueue()
    {
        var receiver = Assert.Single(Assignments, a => a.Role == BuiltInRoles.ServiceBusDataReceiver);
        Assert.Contains("Microsoft.ServiceBus/namespaces/queues", receiver.Assignment.Body["scope"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void KeyVaultSecretsUser_Scope_IsEachSecretNeverTheVault()
    {
        var readers = Assignments.Where(a => a.Role == BuiltInRoles.KeyVaultSecretsUser).ToList();
        Assert.Equal(2, readers.Count);
        Assert.All(readers, r => Assert.StartsWith("[resourceId('Microsoft.KeyVault/vaults/secrets', ", r.Assignment.Body["scope"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains(readers, r => r.Assignment.Body["scope"]!.GetValue<string>().Contains("parameters('smtpPasswordSecretName')", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyVaultSecretsUser_OnTheConsoleSecret_IsGrantedOnlyWhenTheSignInIsConfigured()
    {
        var reader = Assert.Single(Assignments, a => a.Assignment.Symbol == "consoleSecretUser");
        Assert.Equal(BuiltInRoles.KeyVaultSecretsUser, reader.Role);
        Assert.Equal("[not(empty(parameters('consoleClientSecretName')))]", reader.Assignment.Body["condition"]!.GetValue<string>());
        Assert.Contains("parameters('consoleClientSecretName')", reader.Assignment.Body["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        // main.bicep passes the secret's name only when a client id is given.
        Assert.Equal("[if(variables('consoleSignIn'), createObject('value', variables('names').consoleClientSecret), createObject('value', ''))]", _arm.PassedAsWritten("rbac", "consoleClientSecretName"));
    }

    // The role definition id of an assignment, with variables('roles').x resolved.
    private static string RoleOf(ArmResource assignment)
    {
        var expression = assignment.Properties!["roleDefinitionId"]!.GetValue<string>();
        var resolved = RolesVariable().Replace(expression, m =>
            assignment.Template["variables"]![m.Groups["name"].Value]![m.Groups["member"].Value]!.GetValue<string>());
        return Guid().Match(resolved).Value;
    }

    [GeneratedRegex(@"^\[reference\('(?<symbol>\w+)'\)\.principalId\]$")]
    private static partial Regex PrincipalReference();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)\.(?<member>\w+)")]
    private static partial Regex RolesVariable();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();
}
