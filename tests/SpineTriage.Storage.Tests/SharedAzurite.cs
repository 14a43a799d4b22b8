using SpineTriage.TestSupport;

namespace SpineTriage.Storage.Tests;

/// <summary>
/// One Azurite for every test that needs storage: starting it costs seconds, a table costs
/// milliseconds. Each test isolates itself with tables of its own (<see cref="Builders.StorageHarness"/>).
/// Tests in the collection run one after another; classes that need no Azurite run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
