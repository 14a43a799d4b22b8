using System.Text.Json.Nodes;

namespace SpineTriage.Infrastructure.Tests.Infra;

/// <summary>
/// The review console's sign-in in the compiled template: App Service authentication with Entra ID
/// (app/console-auth.bicep), deployed only when an app registration's client id is given; its client
/// secret only in Key Vault, read by the platform through a Key Vault reference; the console's app
/// settings.
/// </summary>
[Collection(CompiledTemplate.Name)]
public sealed class ConsoleSignInTemplateTests(ArmTemplateFixture fixture)
{
    private const string SecretSetting = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET";

    private readonly ArmTemplate _arm = fixture.Template;

    private ArmResource Auth => _arm.SiteConfig("authsettingsV2");

    [Fact]
    public void ConsoleAuth_IsDeployedOnlyWhenAClientIdIsGiven_WhichByDefaultItIsNot()
    {
        Assert.Equal("[variables('consoleSignIn')]", _arm.Module("consoleAuth").Body["condition"]!.GetValue<string>());
        Assert.Equal("[not(empty(parameters('consoleClientId')))]", _arm.Root["variables"]!["consoleSignIn"]!.GetValue<string>());
        Assert.Equal(string.Empty, _arm.Root["parameters"]!["consoleClientId"]!["defaultValue"]!.GetValue<string>());
        // After the app: the auth settings name the app, and its Key Vault reference exists first.
        Assert.Contains("functions", _arm.Module("consoleAuth").Body["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(_arm.PassedTo("functions", "name")!.ToJsonString(), _arm.PassedTo("consoleAuth", "appName")!.ToJsonString());
    }

    [Fact]
    public void AuthSettings_RequireAuthentication_AndSendAnonymousBrowsersToTheEntraIdSignIn()
    {
        var properties = Auth.Properties!;
        Assert.True(properties["platform"]!["enabled"]!.GetValue<bool>());
        var validation = properties["globalValidation"]!;
        Assert.True(validation["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("RedirectToLoginPage", validation["unauthenticatedClientAction"]!.GetValue<string>());
        Assert.Equal("azureactivedirectory", validation["redirectToProvider"]!.GetValue<string>());
        var entra = properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True(entra["enabled"]!.GetValue<bool>());
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, tenant().tenantId)]", entra["registration"]!["openIdIssuer"]!.GetValue<string>());
        Assert.Equal("[parameters('clientId')]", entra["registration"]!["clientId"]!.GetValue<string>());
        Assert.Equal("[parameters('consoleClientId')]", _arm.PassedAsWritten("consoleAuth", "clientId"));
        Assert.Single(properties["identityProviders"]!.AsObject());
    }

    [Fact]
    public void AuthSettings_AndTheApp_AreHttpsOnly()
    {
        Assert.True(Auth.Properties!["httpSettings"]!["requireHttps"]!.GetValue<bool>());
        Assert.True(_arm.Single("Microsoft.Web/sites").Properties!["httpsOnly"]!.GetValue<bool>());
    }

    [Fact]
    public void AuthSettings_TokenStore_IsOff() =>
        Assert.False(Auth.Properties!["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());

    [Fact]
    public void AuthSettings_ClientSecret_IsOnlyTheNameOfTheKeyVaultReferenceSetting()
    {
        var registration = Auth.Properties!["identityProviders"]!["azureActiveDirectory"]!["registration"]!.AsObject();
        Assert.Equal("[parameters('clientCredentialSetting')]", registration["clientSecretSettingName"]!.GetValue<string>());
        Assert.Equal(SecretSetting, _arm.PassedTo("consoleAuth", "clientCredentialSetting")!.GetValue<string>());
        Assert.False(registration.ContainsKey("clientSecret"));
        Assert.False(registration.ContainsKey("clientSecretCertificateThumbprint"));

        var reference = _arm.AppSettings()[SecretSetting]!.GetValue<string>();
        Assert.Equal("[if(parameters('consoleSignIn'), format('@Microsoft.KeyVault(SecretUri={0})', reference('vault::consoleClientSecret').secretUri), '')]", reference);
        Assert.Equal("[variables('consoleSignIn')]", _arm.PassedAsWritten("functions", "consoleSignIn"));
    }

    [Fact]
    public void ConsoleClientSecret_Parameter_IsSecureWithAnEmptyDefault()
    {
        var parameter = _arm.Root["parameters"]!["consoleClientSecret"]!;
        Assert.Equal("securestring", parameter["type"]!.GetValue<string>());
        Assert.Equal(string.Empty, parameter["defaultValue"]!.GetValue<string>());
    }

    [Fact]
    public void ConsoleClientSecret_Value_GoesOnlyIntoItsKeyVaultSecret_CreatedOnlyWhenConfigured()
    {
        var uses = new List<string>();
        Walk(_arm.Root, "$", "parameters('consoleClientSecret')", uses);
        Assert.Equal(2, uses.Count);
        Assert.Contains(uses, p => p.EndsWith(".keyVault.properties.parameters.consoleClientSecret.value", StringComparison.Ordinal));
        Assert.Contains(uses, p => p.EndsWith("vault::consoleClientSecretEntry.properties.value", StringComparison.Ordinal));

        var secret = Assert.Single(_arm.OfType("Microsoft.KeyVault/vaults/secrets"), r => !r.IsExisting && r.Symbol == "vault::consoleClientSecretEntry");
        Assert.Equal("[not(empty(parameters('consoleClientSecretName')))]", secret.Body["condition"]!.GetValue<string>());
        Assert.Equal("[if(variables('consoleSignIn'), createObject('value', variables('names').consoleClientSecret), createObject('value', ''))]", _arm.PassedAsWritten("keyVault", "consoleClientSecretName"));
        Assert.Equal("console-client-secret", _arm.Root["variables"]!["names"]!["consoleClientSecret"]!.GetValue<string>());
    }

    [Fact]
    public void Template_HoldsNoSecretValue_AndNoOutputNamesTheSecret()
    {
        Assert.DoesNotContain("\"clientSecret\"", _arm.Text, StringComparison.Ordinal);
        var outputs = _arm.Root["outputs"]!.AsObject()
            .Concat(_arm.Resources.Where(r => r.Type == "Microsoft.Resources/deployments")
                .SelectMany(r => r.Body["properties"]!["template"]!["outputs"]?.AsObject() ?? []));
        Assert.All(outputs, o => Assert.DoesNotContain("consoleClientSecret", o.Value!["value"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AppSettings_TurnTheConsoleOnOnlyWithItsSignIn_WithTheReviewerRole()
    {
        var settings = _arm.AppSettings();
        Assert.Equal("[if(parameters('consoleSignIn'), 'true', 'false')]", settings["SPINETRIAGE_CONSOLE_ENABLED"]!.GetValue<string>());
        Assert.Equal("[parameters('consoleReviewerRole')]", settings["SpineTriage__Console__ReviewerRole"]!.GetValue<string>());
        Assert.Equal("SpineTriage.Reviewer", _arm.PassedTo("functions", "consoleReviewerRole")!.GetValue<string>());
        // The platform sets WEBSITE_AUTH_ENABLED itself; a template that set it could fake the sign-in.
        Assert.False(settings.ContainsKey("WEBSITE_AUTH_ENABLED"));
    }

    [Fact]
    public void MainParameters_TakeTheClientIdAndSecretFromTheAzdEnvironment()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(ArmTemplate.RepositoryRoot, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${SPINETRIAGE_CONSOLE_CLIENT_ID}", parameters["consoleClientId"]!["value"]!.GetValue<string>());
        Assert.Equal("${SPINETRIAGE_CONSOLE_CLIENT_SECRET}", parameters["consoleClientSecret"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Outputs_NameTheConsoleAndTheRedirectUriOfItsAppRegistration()
    {
        var outputs = _arm.Root["outputs"]!;
        Assert.Contains("/.auth/login/aad/callback", outputs["CONSOLE_REDIRECT_URI"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/api/console", outputs["CONSOLE_URL"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void Walk(JsonNode? node, string path, string needle, List<string> uses)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    Walk(value, $"{path}.{key}", needle, uses);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", needle, uses);
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Contains(needle, StringComparison.Ordinal):
                uses.Add(path);
                break;
        }
    }
}
