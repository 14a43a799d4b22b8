using System.Text.Json.Nodes;

namespace SpineTriage.Infrastructure.Tests.Infra;

[Collection(CompiledTemplate.Name)]
public sealed class SecretsTemplateTests(ArmTemplateFixture fixture)
{
    private readonly ArmTemplate _arm = fixture.Template;

    public static TheoryData<string> SecretMarkers =>
    [
        "AccountKey=",
        "SharedAccessKey",
        "DefaultEndpointsProtocol",
        "listKeys(",
        "listConnectionStrings(",
        "listSecrets(",
        "InstrumentationKey=",
        "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    [Theory]
    [MemberData(nameof(SecretMarkers))]
    public void Template_KeyOrConnectionStringWithASecret_AppearsNowhere(string marker) =>
        Assert.DoesNotContain(marker, _arm.Text, StringComparison.OrdinalIgnoreCase);

    [Theory]
    [MemberData(nameof(SecretMarkers))]
    public void AppSettingsAndOutputs_KeyOrConnectionStringWithASecret_IsAbsent(string marker)
    {
        var values = _arm.AppSettings().Select(s => s.Value!.ToJsonString())
            .Concat(_arm.Resources.Where(r => r.Type == "Microsoft.Resources/deployments")
                .SelectMany(r => r.Body["properties"]!["template"]!["outputs"]?.AsObject() ?? [])
                .Select(o => o.Value!.ToJsonString()))
            .Concat(_arm.Root["outputs"]!.AsObject().Select(o => o.Value!.ToJsonString()));
        Assert.All(values, v => Assert.DoesNotContain(marker, v, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Outputs_SecureValues_AreNeverOutput()
    {
        var outputs = _arm.Root["outputs"]!.AsObject()
            .Concat(_arm.Resources.Where(r => r.Type == "Microsoft.Resources/deployments")
                .SelectMany(r => r.Body["properties"]!["template"]!["outputs"]?.AsObject() ?? []));
        Assert.All(outputs, o =>
        {
            Assert.DoesNotContain("secure", o.Value!["type"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            var value = o.Value!["value"]!.ToJsonString();
            Assert.DoesNotContain("smtpPassword", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ConnectionString", value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void SmtpPassword_Parameter_IsSecureWithoutADefault()
    {
        var parameter = _arm.Root["parameters"]!["smtpPassword"]!;
        Assert.Equal("securestring", parameter["type"]!.GetValue<string>());
        Assert.Null(parameter["defaultValue"]);
    }

    [Fact]
    public void SmtpPassword_InTheApp_IsOnlyAKeyVaultReference()
    {
        var password = _arm.AppSettings()["SpineTriage__Email__Password"]!.GetValue<string>();
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', ", password, StringComparison.Ordinal);
        Assert.EndsWith(".secretUri)]", password, StringComparison.Ordinal);
        Assert.DoesNotContain("smtpPassword')", password, StringComparison.Ordinal);
    }

    [Fact]
    public void SmtpPassword_Value_GoesOnlyIntoTheKeyVaultSecret()
    {
        var uses = new List<string>();
        Walk(_arm.Root, "$", uses);
        Assert.Equal(2, uses.Count);
        Assert.Contains(uses, p => p.EndsWith(".parameters.smtpPassword.value", StringComparison.Ordinal) && p.Contains(".keyVault.", StringComparison.Ordinal));
        Assert.Contains(uses, p => p.EndsWith(".properties.value", StringComparison.Ordinal) && p.Contains("smtpPasswordSecret", StringComparison.Ordinal));
        var secret = Assert.Single(_arm.OfType("Microsoft.KeyVault/vaults/secrets"), r => !r.IsExisting && r.Symbol == "vault::smtpPasswordSecret");
        Assert.Equal("[parameters('smtpPassword')]", secret.Properties!["value"]!.GetValue<string>());
    }

    [Fact]
    public void IdentityBasedConnections_Settings_ArePresent()
    {
        var settings = _arm.AppSettings();
        string[] names =
        [
            "AzureWebJobsStorage__blobServiceUri",
            "AzureWebJobsStorage__credential",
            "AzureWebJobsStorage__clientId",
            "ServiceBusConnection__fullyQualifiedNamespace",
            "ServiceBusConnection__credential",
            "ServiceBusConnection__clientId",
            "SpineTriage__Storage__Connection",
            "AZURE_CLIENT_ID",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            "REFERRALS_QUEUE",
            "SUMMARY_SCHEDULE",
            "ALERT_SCHEDULE",
        ];
        Assert.All(names, n => Assert.True(settings.ContainsKey(n), $"missing app setting {n}"));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]!.GetValue<string>());
        Assert.Equal("managedidentity", settings["ServiceBusConnection__credential"]!.GetValue<string>());
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("ServiceBusConnection")]
    [InlineData("AzureWebJobsStorage__accountKey")]
    [InlineData("AzureWebJobsStorage__queueServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri")] // host diagnostic events need a table role on the whole account
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    public void AppSettings_ConnectionStringOrFlexIncompatibleSetting_IsAbsent(string name) =>
        Assert.False(_arm.AppSettings().ContainsKey(name));

    [Fact]
    public void PipelineStorage_Connection_IsTheTableServiceUriForDefaultAzureCredential()
    {
        var settings = _arm.AppSettings();
        Assert.Equal("[reference('storage').primaryEndpoints.table]", settings["SpineTriage__Storage__Connection"]!.GetValue<string>());
        Assert.Equal(settings["AzureWebJobsStorage__clientId"]!.GetValue<string>(), settings["AZURE_CLIENT_ID"]!.GetValue<string>());
    }

    private static void Walk(JsonNode? node, string path, List<string> uses)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    Walk(value, $"{path}.{key}", uses);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", uses);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Contains("parameters('smtpPassword')", StringComparison.Ordinal):
                uses.Add(path);
                break;
        }
    }
}
