using System.Net.Sockets;
using Azure;
using Azure.Identity;

namespace SpineTriage.Storage;

/// <summary>
/// Which exceptions mean "storage failed or could not be reached" (as opposed to a bug), which of
/// those are permanent (retrying cannot help: the credentials, the account or the configuration is
/// wrong), and how to say so in one line.
/// </summary>
public static class StorageErrors
{
    /// <summary>The settings that choose the storage, for messages that tell an operator what to fix.</summary>
    public const string StorageSettings = "--storage, SPINETRIAGE_STORAGE or SpineTriage:Storage:Connection";

    /// <summary>
    /// True for a storage service error, and for what the SDK throws when it cannot reach the
    /// service after its own retries (an <see cref="AggregateException"/> of such errors, an
    /// <see cref="HttpRequestException"/>, an <see cref="IOException"/> or a <see cref="TimeoutException"/>),
    /// and for a credential that cannot be used.
    /// </summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException or HttpRequestException or IOException or TimeoutException or AuthenticationFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFailure),
        _ => false,
    };

    /// <summary>
    /// True when retrying cannot help: the service refused the credentials (401, 403), no credential
    /// could be obtained, or the account's host does not exist (a wrong account name).
    /// </summary>
    public static bool IsPermanent(Exception exception) => exception switch
    {
        RequestFailedException { Status: 401 or 403 } => true,
        AuthenticationFailedException => true,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.HostNotFound } } => true,
        RequestFailedException { Status: 0, InnerException: { } inner } => IsPermanent(inner),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.Any(IsPermanent),
        _ => false,
    };

    /// <summary>
    /// True for a failure of the storage itself rather than of one message: unreachable, throttled,
    /// a server error, a timeout, or a table or queue that is missing. A message that meets one is
    /// retried with back-off and never poisoned for it.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        RequestFailedException { Status: 404 } failed => IsMissingContainer(failed),
        HttpRequestException or IOException or TimeoutException => !IsPermanent(exception),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };

    /// <summary>
    /// A table or queue that does not exist (deleted while the worker ran). The stores handle the
    /// 404 of an entity they look up themselves, so a 404 that escapes them is a missing table or
    /// queue, whatever error code the service (or a transaction's response) gives it.
    /// </summary>
    public static bool IsMissingContainer(Exception exception) => exception switch
    {
        RequestFailedException { Status: 404 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsMissingContainer),
        _ => false,
    };

    /// <summary>One line for an operator: what failed, never a stack trace or a secret.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException { Status: 401 or 403 } failed =>
            $"storage refused the credentials ({failed.Status} {failed.ErrorCode ?? "Forbidden"}): check the account key or the identity's roles in {StorageSettings}",
        AuthenticationFailedException =>
            $"no credential for the storage account could be obtained (DefaultAzureCredential): sign in, or set {StorageSettings} to a connection string",
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.HostNotFound } } =>
            $"the storage account's host does not exist: check the account name in {StorageSettings}",
        RequestFailedException { Status: 0, InnerException: { } inner } => Describe(inner),
        RequestFailedException failed when IsMissingContainer(failed) => $"a table or queue is missing ({failed.ErrorCode})",
        RequestFailedException failed => $"storage answered {failed.Status} {failed.ErrorCode}".TrimEnd(),
        HttpRequestException http => $"storage cannot be reached ({FirstLine(http.Message)})",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions.FirstOrDefault(IsPermanent) ?? aggregate.InnerExceptions[0]),
        TimeoutException or TaskCanceledException => "storage did not answer in time",
        IOException => "the connection to storage failed",
        _ => exception.GetType().Name,
    };

    /// <summary>The first line of a message (an SDK's message often goes on with its response content).</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = message.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }
}
