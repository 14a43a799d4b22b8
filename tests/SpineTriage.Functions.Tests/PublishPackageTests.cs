using System.Diagnostics;

namespace SpineTriage.Functions.Tests;

/// <summary>
/// The deployment package: published as azd publishes it (Release, the project's Linux runtime,
/// framework-dependent), it has what Flex Consumption needs, no local settings, and stays small.
/// </summary>
public sealed class PublishPackageTests : IClassFixture<PublishPackageTests.Published>
{
    private const long MaxBytes = 80L * 1024 * 1024;

    private readonly Published _published;

    public PublishPackageTests(Published published) => _published = published;

    [Theory]
    [InlineData("host.json")]
    [InlineData("functions.metadata")]
    [InlineData("worker.config.json")]
    [InlineData("SpineTriage.Functions.dll")]
    [InlineData(".azurefunctions/function.deps.json")]
    public void Package_HasWhatTheFunctionsHostNeeds(string file) =>
        Assert.True(File.Exists(Path.Combine(_published.Directory, file)), $"{file} is missing from the publish output");

    [Fact]
    public void Package_HasNoLocalSettings() =>
        Assert.Empty(Directory.EnumerateFiles(_published.Directory, "local.settings.json*", SearchOption.AllDirectories));

    [Fact]
    public void Package_HasNativeLibrariesForLinuxOnly()
    {
        // The summary chart's renderer (SkiaSharp) needs its native library: Linux's, and no other.
        var files = Directory.EnumerateFiles(_published.Directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();

        Assert.Contains("libSkiaSharp.so", files);
        Assert.DoesNotContain(files, f => f!.EndsWith(".dylib", StringComparison.Ordinal) || f == "libSkiaSharp.dll");
        Assert.False(Directory.Exists(Path.Combine(_published.Directory, "runtimes")), "native libraries for other platforms are in the package");
    }

    [Fact]
    public void Package_IsUnder80MB()
    {
        var bytes = Directory.EnumerateFiles(_published.Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        Assert.True(bytes < MaxBytes, $"the package is {bytes / 1048576.0:F1} MB");
    }

    /// <summary>Publishes the app once for the class, into a temporary directory.</summary>
    public sealed class Published : IDisposable
    {
        public Published()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("spinetriage-functions-publish-").FullName;
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "publish", FunctionsApp.ProjectDirectory, "--configuration", FunctionsApp.Configuration, "--output", Directory,
                    $"-p:IncludeServiceBusTrigger={(FunctionsApp.IncludesServiceBusTrigger ? "true" : "false")}", "-nologo",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{output.Result}\n{error}");
            }
        }

        public string Directory { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
