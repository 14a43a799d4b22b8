using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using SpineTriage.Functions;

namespace SpineTriage.Functions.Tests;

/// <summary>Facts about the Functions app as this build made it.</summary>
internal static class FunctionsApp
{
    /// <summary>Whether this build includes the Service Bus trigger (the MSBuild property IncludeServiceBusTrigger).</summary>
    public static bool IncludesServiceBusTrigger { get; } =
        typeof(FunctionsApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "IncludeServiceBusTrigger").Value == "true";

    /// <summary>The build configuration of this test assembly (Debug, Release), which built the app too.</summary>
    public static string Configuration { get; } =
        typeof(FunctionsApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The app's project directory.</summary>
    public static string ProjectDirectory { get; } = Path.Combine(Infrastructure.Tests.Infra.ArmTemplate.RepositoryRoot, "src", "SpineTriage.Functions");

    /// <summary>The app's build output, where the Functions SDK writes functions.metadata and worker.config.json.</summary>
    public static string BuildOutput { get; } = Path.Combine(ProjectDirectory, "bin", Configuration, "net10.0", "linux-x64");

    /// <summary>The classes with a method marked [Function].</summary>
    public static IReadOnlyList<Type> FunctionClasses { get; } =
        [.. typeof(FunctionsHost).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))];

    /// <summary>The settings of local.settings.json.example, as the host reads app settings.</summary>
    public static Dictionary<string, string> LocalSettingsExample()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.json.example")))!;
        return json["Values"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The names of every function of this build (the [Function] attributes).</summary>
    public static IReadOnlyList<string> FunctionNames { get; } =
        [.. FunctionClasses.SelectMany(t => t.GetMethods()).Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name).OfType<string>()];

    /// <summary>App settings as command-line arguments (<c>--A:B=value</c>; an app setting's <c>__</c> is <c>:</c>).</summary>
    public static string[] AsArguments(IReadOnlyDictionary<string, string> settings) =>
        [.. settings.Select(p => $"--{p.Key.Replace("__", ":", StringComparison.Ordinal)}={p.Value}")];
}
