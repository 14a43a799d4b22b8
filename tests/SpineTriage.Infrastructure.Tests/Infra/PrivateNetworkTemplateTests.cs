using System.Text.Json.Nodes;

namespace SpineTriage.Infrastructure.Tests.Infra;

/// <summary>
/// The private network of the compiled template: a virtual network the Function App is integrated
/// with, a private endpoint (with its DNS zone, zone link and zone group) for each data service, and
/// public network access Disabled on those services while the toggle <c>usePrivateNetworking</c>
/// keeps its default.
/// </summary>
[Collection(CompiledTemplate.Name)]
public sealed class PrivateNetworkTemplateTests(ArmTemplateFixture fixture)
{
    private const string Toggle = "usePrivateNetworking";

    private readonly ArmTemplate _arm = fixture.Template;

    /// <summary>The toggle's default: the deployment as <c>azd up</c> makes it.</summary>
    private bool PrivateByDefault => _arm.Root["parameters"]![Toggle]!["defaultValue"]!.GetValue<bool>();

    /// <summary>The modules that deploy a private endpoint, by the group id (sub-resource) they connect to.</summary>
    private Dictionary<string, ArmResource> EndpointModules =>
        _arm.Resources
            .Where(r => r.Deployment is null && r.Type == "Microsoft.Resources/deployments")
            .Where(m => _arm.InModule(m).Any(r => r.Type == "Microsoft.Network/privateEndpoints"))
            .ToDictionary(m => m.Properties!["parameters"]!["groupId"]!["value"]!.GetValue<string>());

    public static TheoryData<string, string, string> EndpointTargets => new()
    {
        // group id, module of the target service, its resource type
        { "table", "storage", "Microsoft.Storage/storageAccounts" },
        { "queue", "storage", "Microsoft.Storage/storageAccounts" },
        { "blob", "storage", "Microsoft.Storage/storageAccounts" },
        { "namespace", "serviceBus", "Microsoft.ServiceBus/namespaces" },
        { "vault", "keyVault", "Microsoft.KeyVault/vaults" },
    };

    public static TheoryData<string, string> EndpointZones => new()
    {
        // group id, private DNS zone (Azure public cloud)
        { "table", "privatelink.table.core.windows.net" },
        { "queue", "privatelink.queue.core.windows.net" },
        { "blob", "privatelink.blob.core.windows.net" },
        { "namespace", "privatelink.servicebus.windows.net" },
        { "vault", "privatelink.vaultcore.azure.net" },
    };

    public static TheoryData<string> DataServices =>
    [
        "Microsoft.Storage/storageAccounts",
        "Microsoft.ServiceBus/namespaces",
        "Microsoft.KeyVault/vaults",
    ];

    [Fact]
    public void Toggle_Parameter_IsABooleanThatDefaultsToPrivate()
    {
        var parameter = _arm.Root["parameters"]![Toggle]!;
        Assert.Equal("bool", parameter["type"]!.GetValue<string>());
        Assert.True(PrivateByDefault);
    }

    [Fact]
    public void PrivateEndpoints_CoverEveryDataService()
    {
        var groups = EndpointModules.Keys.Order();
        Assert.Equal(["blob", "namespace", "queue", "table", "vault"], groups);
    }

    [Theory]
    [MemberData(nameof(EndpointTargets))]
    public void PrivateEndpoint_OfAService_ConnectsItsSubResourceFromThePrivateEndpointSubnet(string groupId, string targetModule, string targetType)
    {
        var module = EndpointModules[groupId];
        Assert.Equal($"[parameters('{Toggle}')]", module.Body["condition"]!.GetValue<string>());

        var endpoint = Assert.Single(_arm.InModule(module), r => r.Type == "Microsoft.Network/privateEndpoints");
        var connection = Assert.Single(endpoint.Properties!["privateLinkServiceConnections"]!.AsArray())!["properties"]!;
        var groupIds = connection["groupIds"]!.AsArray().Select(g => ArmTemplate.Resolve(endpoint, g)!.GetValue<string>());
        Assert.Equal([groupId], groupIds);

        // The target: the id output of the module that deploys the service, which is that service's resource id.
        var target = ArmTemplate.Resolve(endpoint, connection["privateLinkServiceId"])!.GetValue<string>();
        Assert.Equal($"[reference('{targetModule}').outputs.id.value]", target);
        var output = _arm.Module(targetModule).Body["properties"]!["template"]!["outputs"]!["id"]!["value"]!.GetValue<string>();
        Assert.StartsWith($"[resourceId('{targetType}', ", output, StringComparison.Ordinal);

        var subnet = ArmTemplate.Resolve(endpoint, endpoint.Properties!["subnet"]!["id"])!.GetValue<string>();
        Assert.Equal("[reference('network').outputs.privateEndpointSubnetId.value]", subnet);
    }

    [Theory]
    [MemberData(nameof(EndpointZones))]
    public void PrivateEndpoint_OfAService_RegistersInItsPrivateDnsZoneLinkedToTheNetwork(string groupId, string zone)
    {
        var module = EndpointModules[groupId];
        var resources = _arm.InModule(module).ToList();

        var dnsZone = Assert.Single(resources, r => r.Type == "Microsoft.Network/privateDnsZones");
        Assert.Equal("global", dnsZone.Body["location"]!.GetValue<string>());
        Assert.Equal(zone, ForPublicCloud(_arm.ResolveToRoot(dnsZone, dnsZone.Body["name"])));

        // The zone is linked to the app's virtual network, for resolution only.
        var link = Assert.Single(resources, r => r.Type == "Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        Assert.False(link.Properties!["registrationEnabled"]!.GetValue<bool>());
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks', parameters('virtualNetworkName'))]", link.Properties!["virtualNetwork"]!["id"]!.GetValue<string>());
        Assert.Equal(_arm.PassedTo("network", "name")!.ToJsonString(), _arm.ResolveToRoot(link, JsonValue.Create("[parameters('virtualNetworkName')]"))!.ToJsonString());

        // The endpoint's zone group puts its private IP into that zone.
        var zoneGroup = Assert.Single(resources, r => r.Type == "Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
        var config = Assert.Single(zoneGroup.Properties!["privateDnsZoneConfigs"]!.AsArray())!;
        Assert.Equal("[resourceId('Microsoft.Network/privateDnsZones', parameters('privateDnsZoneName'))]", config["properties"]!["privateDnsZoneId"]!.GetValue<string>());
        Assert.Equal("[parameters('privateDnsZoneName')]", dnsZone.Body["name"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(DataServices))]
    public void PublicNetworkAccess_ByDefault_IsDisabled(string type)
    {
        var service = _arm.Single(type);
        var access = _arm.ResolveToRoot(service, service.Properties!["publicNetworkAccess"]);
        Assert.Equal("Disabled", ArmTemplate.WhenParameter(access, Toggle, PrivateByDefault));
        // A trial without private networking keeps the services reachable (still Entra ID only).
        Assert.Equal("Enabled", ArmTemplate.WhenParameter(access, Toggle, false));
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.KeyVault/vaults")]
    public void Firewall_WhenPublicAccessIsDisabled_DeniesWithoutTrustedServiceBypass(string type)
    {
        var acls = _arm.Single(type).Properties!["networkAcls"]!.GetValue<string>();
        Assert.StartsWith(
            "[if(equals(parameters('publicNetworkAccess'), 'Disabled'), createObject('defaultAction', 'Deny', 'bypass', 'None'), ",
            acls,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceBus_WhenPrivate_IsPremiumBecausePrivateEndpointsNeedIt()
    {
        var ns = _arm.Single("Microsoft.ServiceBus/namespaces");
        var sku = _arm.ResolveToRoot(ns, ns.Body["sku"]!["name"]);
        var tier = _arm.ResolveToRoot(ns, ns.Body["sku"]!["tier"]);
        var access = _arm.ResolveToRoot(ns, ns.Properties!["publicNetworkAccess"]);
        Assert.Equal("Premium", ArmTemplate.WhenParameter(sku, Toggle, PrivateByDefault));
        Assert.Equal("Standard", ArmTemplate.WhenParameter(sku, Toggle, false));
        foreach (var isPrivate in new[] { true, false })
        {
            Assert.Equal(ArmTemplate.WhenParameter(sku, Toggle, isPrivate), ArmTemplate.WhenParameter(tier, Toggle, isPrivate));
            if (ArmTemplate.WhenParameter(access, Toggle, isPrivate) == "Disabled")
            {
                Assert.Equal("Premium", ArmTemplate.WhenParameter(sku, Toggle, isPrivate));
            }
        }

        // Premium is sized in messaging units; Standard takes none.
        Assert.Equal("[if(equals(parameters('skuName'), 'Premium'), parameters('premiumMessagingUnits'), null())]", ns.Body["sku"]!["capacity"]!.GetValue<string>());
    }

    [Fact]
    public void Network_IsDeployedOnlyWhenPrivate() =>
        Assert.Equal($"[parameters('{Toggle}')]", _arm.Module("network").Body["condition"]!.GetValue<string>());

    [Fact]
    public void FunctionApp_WhenPrivate_IsIntegratedWithTheSubnetDelegatedToContainerAppsEnvironments()
    {
        var site = _arm.Single("Microsoft.Web/sites");
        Assert.Equal(
            "[if(empty(parameters('virtualNetworkSubnetId')), null(), parameters('virtualNetworkSubnetId'))]",
            site.Properties!["virtualNetworkSubnetId"]!.GetValue<string>());
        var passed = _arm.PassedTo("functions", "virtualNetworkSubnetId")!.GetValue<string>();
        Assert.Equal($"[if(parameters('{Toggle}'), createObject('value', reference('network').outputs.appSubnetId.value), createObject('value', ''))]", passed);

        // That output is the subnet delegated to Microsoft.App/environments (Flex Consumption).
        var network = _arm.Module("network");
        var output = network.Body["properties"]!["template"]!["outputs"]!["appSubnetId"]!["value"]!.GetValue<string>();
        Assert.Equal("[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('name'), variables('subnetNames').app)]", output);
        var subnet = AppSubnet(network);
        var delegation = Assert.Single(subnet["properties"]!["delegations"]!.AsArray())!;
        Assert.Equal("Microsoft.App/environments", delegation["properties"]!["serviceName"]!.GetValue<string>());
    }

    [Fact]
    public void AppSubnet_OutboundInternet_LeavesOnlyThroughTheNatGateway()
    {
        var network = _arm.Module("network");
        var subnet = AppSubnet(network);
        Assert.False(subnet["properties"]!["defaultOutboundAccess"]!.GetValue<bool>());
        Assert.StartsWith("[resourceId('Microsoft.Network/natGateways', ", subnet["properties"]!["natGateway"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        var nat = Assert.Single(_arm.InModule(network), r => r.Type == "Microsoft.Network/natGateways");
        Assert.Single(nat.Properties!["publicIpAddresses"]!.AsArray());
    }

    [Fact]
    public void FunctionApp_Deployment_WaitsForEveryPrivateEndpoint()
    {
        var dependsOn = _arm.Module("functions").Body["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToHashSet();
        Assert.All(EndpointModules.Values, m => Assert.Contains(m.Symbol, dependsOn));
        Assert.Contains("rbac", dependsOn);
    }

    // The app subnet as declared inline in the virtual network.
    private JsonNode AppSubnet(ArmResource network)
    {
        var vnet = Assert.Single(_arm.InModule(network), r => r.Type == "Microsoft.Network/virtualNetworks");
        return Assert.Single(vnet.Properties!["subnets"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "[variables('subnetNames').app]")!;
    }

    // A zone name as the template writes it, with the storage suffix of the Azure public cloud.
    private static string ForPublicCloud(JsonNode? name)
    {
        var text = name!.GetValue<string>();
        const string storageSuffix = "', environment().suffixes.storage)]";
        if (text.StartsWith("[format('", StringComparison.Ordinal) && text.EndsWith(storageSuffix, StringComparison.Ordinal))
        {
            return text["[format('".Length..^storageSuffix.Length].Replace("{0}", "core.windows.net", StringComparison.Ordinal);
        }

        return text;
    }
}
