using SpineTriage.Worker.Emulator;

namespace SpineTriage.TestSupport;

/// <summary>The repository root, found the way <see cref="AzuriteEmulator"/> finds it.</summary>
public static class RepositoryRoot
{
    /// <summary>The root whose package.json lists <paramref name="npmPackage"/>.</summary>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string Find(string npmPackage = "azurite") => AzuriteEmulator.FindRepositoryRoot(npmPackage);

    /// <summary>A file under the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Find(), .. parts]);
}
