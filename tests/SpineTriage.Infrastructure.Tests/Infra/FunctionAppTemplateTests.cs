namespace SpineTriage.Infrastructure.Tests.Infra;

[Collection(CompiledTemplate.Name)]
public sealed class FunctionAppTemplateTests(ArmTemplateFixture fixture)
{
    private readonly ArmTemplate _arm = fixture.Template;

    private ArmResource App => _arm.Single("Microsoft.Web/sites");

    [Fact]
    public void Plan_Sku_IsFlexConsumption()
    {
        var plan = _arm.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Body["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan.Body["sku"]!["tier"]!.GetValue<string>());
        Assert.True(plan.Properties!["reserved"]!.GetValue<bool>());
    }

    [Fact]
    public void App_Identity_IsOnlyUserAssigned()
    {
        var identity = App.Body["identity"]!;
        Assert.Equal("UserAssigned", identity["type"]!.GetValue<string>());
        var assigned = Assert.Single(identity["userAssignedIdentities"]!.AsObject());
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", assigned.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void App_Runtime_IsDotnetIsolatedOnNet10()
    {
        var runtime = App.Properties!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
        Assert.Equal("functionapp,linux", App.Body["kind"]!.GetValue<string>());
    }

    [Fact]
    public void App_DeploymentPackage_IsReadWithTheUserAssignedIdentity()
    {
        var storage = App.Properties!["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", storage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.GetValue<string>());
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", storage["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void App_KeyVaultReferences_ResolveWithTheUserAssignedIdentity() =>
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", App.Properties!["keyVaultReferenceIdentity"]!.GetValue<string>(), StringComparison.Ordinal);

    [Fact]
    public void App_Transport_IsHttpsOnlyWithTls12()
    {
        Assert.True(App.Properties!["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", App.Properties!["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void App_BasicPublishingCredentials_AreDisabled()
    {
        var policies = _arm.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Properties!["allow"]!.GetValue<bool>()));
    }

    [Fact]
    public void App_AzdServiceTag_MatchesAzureYaml()
    {
        var tags = App.Body["tags"]!.GetValue<string>();
        Assert.Contains("azd-service-name", tags, StringComparison.Ordinal);
        var functions = _arm.Resources.First(r => r.Symbol == "functions");
        Assert.Equal("functions", functions.Properties!["parameters"]!["azdServiceName"]!["value"]!.GetValue<string>());
        var azureYaml = File.ReadAllText(Path.Combine(ArmTemplate.RepositoryRoot, "azure.yaml"));
        Assert.Contains("  functions:\n    project: ./src/SpineTriage.Functions", azureYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitoring_LocalAuthentication_IsDisabled()
    {
        Assert.True(_arm.Single("Microsoft.Insights/components").Properties!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(_arm.Single("Microsoft.OperationalInsights/workspaces").Properties!["features"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void KeyVault_Authorization_IsRbacOnly()
    {
        var vault = _arm.Single("Microsoft.KeyVault/vaults").Properties!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Null(vault["accessPolicies"]);
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
    }

    [Fact]
    public void SummarySchedule_Default_IsDailyAt0600AndReachesTheAppSetting()
    {
        var parameter = _arm.Root["parameters"]!["summarySchedule"]!;
        Assert.Equal("0 0 6 * * *", parameter["defaultValue"]!.GetValue<string>());
        var settings = _arm.AppSettings();
        Assert.Equal("[parameters('summarySchedule')]", settings["SUMMARY_SCHEDULE"]!.GetValue<string>());
        var functions = _arm.Resources.First(r => r.Symbol == "functions");
        Assert.Equal("[parameters('summarySchedule')]", functions.Properties!["parameters"]!["summarySchedule"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void AlertSchedule_Default_IsEveryTwoMinutesAndReachesTheAppSetting()
    {
        var parameter = _arm.Root["parameters"]!["alertSchedule"]!;
        Assert.Equal("0 */2 * * * *", parameter["defaultValue"]!.GetValue<string>());
        var settings = _arm.AppSettings();
        Assert.Equal("[parameters('alertSchedule')]", settings["ALERT_SCHEDULE"]!.GetValue<string>());
        var functions = _arm.Resources.First(r => r.Symbol == "functions");
        Assert.Equal("[parameters('alertSchedule')]", functions.Properties!["parameters"]!["alertSchedule"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void AlertRecipients_ReachTheAppSettingAsOneJsonObject()
    {
        var settings = _arm.AppSettings();
        Assert.Equal("[string(parameters('alertRecipients'))]", settings["SPINETRIAGE_ALERT_RECIPIENTS"]!.GetValue<string>());
        var functions = _arm.Resources.First(r => r.Symbol == "functions");
        Assert.Equal("[parameters('alertRecipients')]", functions.Properties!["parameters"]!["alertRecipients"]!["value"]!.GetValue<string>());
    }
}
