using SpineTriage.TestSupport;

namespace SpineTriage.Worker.Tests.Queue;

/// <summary>
/// One in-memory Azurite shared by the listener tests (and the CLI privacy test); each test uses
/// its own queue and tables (<see cref="PipelineNames"/>), so they never see each other's data.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Shared Azurite";
}
