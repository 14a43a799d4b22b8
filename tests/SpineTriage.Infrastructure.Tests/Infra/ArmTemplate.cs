using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SpineTriage.Infrastructure.Tests.Infra;

/// <summary>One resource of the compiled template, with the (nested) template and deployment it sits in.</summary>
internal sealed record ArmResource(string Symbol, string Type, JsonObject Body, JsonObject Template, JsonObject? Deployment)
{
    public bool IsExisting => Body["existing"]?.GetValue<bool>() == true;

    public JsonNode? Properties => Body["properties"];
}

/// <summary>
/// The ARM template infra/build.sh compiles from infra/main.bicep (artifacts/infra/main.json), with
/// every resource of every nested module flattened, and a resolver for the simple expressions the
/// tests need (<c>[parameters('x')]</c>, <c>[variables('x')]</c>, <c>[variables('x').y]</c>).
/// </summary>
internal sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root, string text)
    {
        Root = root;
        Text = text;
        var resources = new List<ArmResource>();
        Collect(root, null, resources);
        Resources = resources;
    }

    public JsonObject Root { get; }

    /// <summary>The template as compiled, for text searches.</summary>
    public string Text { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The compiled template, built first by infra/build.sh when missing or older than infra/.</summary>
    public static ArmTemplate Load()
    {
        var compiled = Path.Combine(RepositoryRoot, "artifacts", "infra", "main.json");
        var infra = Path.Combine(RepositoryRoot, "infra");
        var newestSource = Directory.EnumerateFiles(infra, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal))
            .Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(compiled) || File.GetLastWriteTimeUtc(compiled) < newestSource)
        {
            RunBuildScript();
        }

        var text = File.ReadAllText(compiled);
        return new ArmTemplate(JsonNode.Parse(text)!.AsObject(), text);
    }

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one deployed (not <c>existing</c>) resource of a type.</summary>
    public ArmResource Single(string type) => Assert.Single(OfType(type), r => !r.IsExisting);

    /// <summary>The app settings of the Function App (the <c>sites/config</c> resource named appsettings).</summary>
    public JsonObject AppSettings() => SiteConfig("appsettings").Properties!.AsObject();

    /// <summary>The one deployed <c>sites/config</c> resource of that name (appsettings, authsettingsV2).</summary>
    public ArmResource SiteConfig(string name) =>
        Assert.Single(OfType("Microsoft.Web/sites/config"), r => !r.IsExisting && r.Body["name"]!.GetValue<string>().EndsWith($"'{name}')]", StringComparison.Ordinal));

    /// <summary>
    /// A value with <c>[parameters('x')]</c> and <c>[variables(...)]</c> replaced by what the
    /// deployment passes (or the parameter's default); other expressions come back as written.
    /// </summary>
    public static JsonNode? Resolve(ArmResource resource, JsonNode? value) =>
        Resolve(resource.Template, resource.Deployment, value);

    /// <summary>The module (<c>Microsoft.Resources/deployments</c>) at the root with this symbol.</summary>
    public ArmResource Module(string symbol) =>
        Assert.Single(Resources, r => r.Deployment is null && r.Symbol == symbol && r.Type == "Microsoft.Resources/deployments");

    /// <summary>The resources of a module's template (not those of modules nested further down).</summary>
    public IEnumerable<ArmResource> InModule(ArmResource module) =>
        Resources.Where(r => ReferenceEquals(r.Deployment, module.Body));

    /// <summary>
    /// A value resolved as <see cref="Resolve(ArmResource, JsonNode?)"/> does, but followed up through
    /// every module to the root template: a parameter passed by a module is resolved in the template
    /// that passed it. The result is a literal, or an expression of the template it stopped in (the
    /// root, unless a parameter default or an expression ended the walk earlier).
    /// </summary>
    public JsonNode? ResolveToRoot(ArmResource resource, JsonNode? value)
    {
        var template = resource.Template;
        var deployment = resource.Deployment;
        for (var step = 0; step < 32; step++)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
            {
                return value;
            }

            var parameter = ParameterExpression().Match(text);
            if (parameter.Success)
            {
                var name = parameter.Groups["name"].Value;
                var passed = deployment?["properties"]?["parameters"]?[name];
                if (passed is null)
                {
                    value = template["parameters"]?[name]?["defaultValue"];
                    continue;
                }

                // A parameter passed as one expression (e.g. if(c, createObject('value', x), ...)) is returned as written.
                value = passed is JsonObject passedObject ? passedObject["value"] : passed;
                var module = Resources.First(r => ReferenceEquals(r.Body, deployment));
                template = module.Template;
                deployment = module.Deployment;
                continue;
            }

            var variable = VariableExpression().Match(text);
            if (variable.Success)
            {
                var node = template["variables"]?[variable.Groups["name"].Value];
                value = variable.Groups["member"].Success ? node?[variable.Groups["member"].Value] : node;
                continue;
            }

            return value;
        }

        throw new InvalidOperationException("Parameter or variable references nest too deeply.");
    }

    /// <summary>The value the root template passes to a module's parameter, resolved to the root.</summary>
    public JsonNode? PassedTo(string moduleSymbol, string parameter)
    {
        var module = Module(moduleSymbol);
        var passed = module.Properties?["parameters"]?[parameter];
        Assert.True(passed is not null, $"module {moduleSymbol} is not passed {parameter}");
        return ResolveToRoot(module, passed is JsonObject passedObject ? passedObject["value"] : passed);
    }

    /// <summary>The expression the root template passes to a module's parameter, as written (not resolved).</summary>
    public string PassedAsWritten(string moduleSymbol, string parameter)
    {
        var passed = Module(moduleSymbol).Properties?["parameters"]?[parameter];
        Assert.True(passed is not null, $"module {moduleSymbol} is not passed {parameter}");
        return (passed is JsonObject passedObject ? passedObject["value"] : passed)!.GetValue<string>();
    }

    /// <summary>
    /// A root-template value of the form <c>[if(parameters('p'), 'a', 'b')]</c>, with the boolean
    /// parameter <paramref name="parameter"/> set to <paramref name="value"/>: 'a' or 'b'. Fails for any
    /// other form, so a value that stops depending on the parameter is noticed.
    /// </summary>
    public static string WhenParameter(JsonNode? expression, string parameter, bool value)
    {
        var text = expression?.GetValue<string>() ?? "";
        var match = BooleanChoiceExpression().Match(text);
        Assert.True(match.Success, $"not of the form [if(parameters('{parameter}'), 'a', 'b')]: {text}");
        Assert.Equal(parameter, match.Groups["name"].Value);
        return value ? match.Groups["then"].Value : match.Groups["else"].Value;
    }

    private static JsonNode? Resolve(JsonObject template, JsonObject? deployment, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            return value;
        }

        var parameter = ParameterExpression().Match(text);
        if (parameter.Success)
        {
            var name = parameter.Groups["name"].Value;
            var passed = deployment?["properties"]?["parameters"]?[name]?["value"];
            return passed ?? template["parameters"]?[name]?["defaultValue"];
        }

        var variable = VariableExpression().Match(text);
        if (variable.Success)
        {
            var node = template["variables"]?[variable.Groups["name"].Value];
            return variable.Groups["member"].Success ? node?[variable.Groups["member"].Value] : node;
        }

        return value;
    }

    private static void Collect(JsonObject template, JsonObject? deployment, List<ArmResource> into)
    {
        IEnumerable<(string Symbol, JsonObject Body)> resources = template["resources"] switch
        {
            JsonObject byName => byName.Select(p => (p.Key, p.Value!.AsObject())),
            JsonArray list => list.Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r!.AsObject())),
            _ => [],
        };
        foreach (var (symbol, body) in resources)
        {
            var type = body["type"]!.GetValue<string>();
            into.Add(new ArmResource(symbol, type, body, template, deployment));
            if (type == "Microsoft.Resources/deployments" && body["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, body, into);
            }
        }
    }

    private static void RunBuildScript()
    {
        using var process = Process.Start(new ProcessStartInfo("bash", "infra/build.sh")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("infra/build.sh did not finish in 5 minutes.");
        }

        Assert.True(process.ExitCode == 0, $"infra/build.sh failed:\n{output.Result}\n{errors.Result}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "infra", "main.bicep")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No infra/main.bicep above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterExpression();

    [GeneratedRegex(@"^\[variables\('(?<name>[^']+)'\)(\.(?<member>\w+))?\]$")]
    private static partial Regex VariableExpression();

    [GeneratedRegex(@"^\[if\(parameters\('(?<name>\w+)'\), '(?<then>[^']*)', '(?<else>[^']*)'\)\]$")]
    private static partial Regex BooleanChoiceExpression();
}

/// <summary>Compiles (if needed) and parses the template once for all tests.</summary>
public sealed class ArmTemplateFixture
{
    internal ArmTemplate Template { get; } = ArmTemplate.Load();
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplate : ICollectionFixture<ArmTemplateFixture>
{
    public const string Name = "ARM template";
}
