using System.Text.Json;
using SpineTriage.Worker.Emulator;

namespace SpineTriage.TestSupport;

/// <summary>
/// Finds the repository root the way <see cref="AzuriteEmulator"/> does: <c>SPINETRIAGE_HOME</c> when
/// set, otherwise the first folder at or above the test binaries (then the current directory) whose
/// package.json lists the given npm package.
/// </summary>
public static class RepositoryRoot
{
    private static readonly string[] DependencySections = ["devDependencies", "dependencies"];

    /// <summary>The root whose package.json lists <paramref name="npmPackage"/>.</summary>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string Find(string npmPackage = "azurite")
    {
        var home = Environment.GetEnvironmentVariable(AzuriteEmulator.HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Lists(home, npmPackage)
                ? Path.GetFullPath(home)
                : throw new InvalidOperationException($"{AzuriteEmulator.HomeVariable} is '{home}', which has no package.json listing {npmPackage}.");
        }

        string[] starts = [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Lists(dir.FullName, npmPackage))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No folder at or above '{starts[0]}' or '{starts[1]}' has a package.json listing {npmPackage}; set {AzuriteEmulator.HomeVariable} to the repository root.");
    }

    /// <summary>A file under the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Find(), .. parts]);

    private static bool Lists(string directory, string npmPackage)
    {
        var path = Path.Combine(directory, "package.json");
        if (!System.IO.File.Exists(path))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && DependencySections.Any(section =>
                    document.RootElement.TryGetProperty(section, out var deps)
                    && deps.ValueKind == JsonValueKind.Object
                    && deps.TryGetProperty(npmPackage, out _));
        }
        catch (JsonException)
        {
            // Some unrelated, broken package.json further up the tree: not ours, keep looking.
            return false;
        }
    }
}
