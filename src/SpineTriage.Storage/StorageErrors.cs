using Azure;

namespace SpineTriage.Storage;

/// <summary>Which exceptions mean "storage failed or could not be reached" (as opposed to a bug).</summary>
public static class StorageErrors
{
    /// <summary>
    /// True for a storage service error, and for what the SDK throws when it cannot reach the
    /// service after its own retries (an <see cref="AggregateException"/> of such errors, an
    /// <see cref="HttpRequestException"/>, an <see cref="IOException"/> or a <see cref="TimeoutException"/>).
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException or HttpRequestException or IOException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFailure),
        _ => false,
    };
}
