using System.Net.Http;
using System.Net.Sockets;
using Azure;

namespace SpineTriage.Storage.Tests;

/// <summary>Which storage failures are permanent (stop), transient (retry, never poison) or missing tables (create again).</summary>
public sealed class StorageErrorsTests
{
    public static TheoryData<Exception, bool, bool> Failures => new()
    {
        { new RequestFailedException(403, "Server failed to authenticate the request.", "AuthenticationFailed", null), true, false },
        { new RequestFailedException(401, "No credentials.", null, null), true, false },
        { new HttpRequestException("No such host is known.", new SocketException((int)SocketError.HostNotFound)), true, false },
        { new RequestFailedException(0, "Connection refused", null, new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused))), false, true },
        { new RequestFailedException(503, "The server is busy.", "ServerBusy", null), false, true },
        { new RequestFailedException(429, "Too many requests.", null, null), false, true },
        { new RequestFailedException(404, "The table specified does not exist.", "TableNotFound", null), false, true },
        { new RequestFailedException(404, "Not found.", null, null), false, true },
        { new RequestFailedException(413, "The request body is too large.", "RequestBodyTooLarge", null), false, false },
        { new RequestFailedException(400, "Property value too large.", "PropertyValueTooLarge", null), false, false },
        { new InvalidOperationException("a bug"), false, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Classify_EachFailure_IsPermanentTransientOrTheMessages(Exception failure, bool permanent, bool transient)
    {
        Assert.Equal(permanent, StorageErrors.IsPermanent(failure));
        Assert.Equal(transient, StorageErrors.IsTransient(failure));
        Assert.DoesNotContain('\n', StorageErrors.Describe(failure));
    }

    [Fact]
    public void Describe_RefusedCredentials_NamesTheSettingsToFix() =>
        Assert.Contains("--storage, SPINETRIAGE_STORAGE or SpineTriage:Storage:Connection",
            StorageErrors.Describe(new RequestFailedException(403, "x", "AuthenticationFailed", null)), StringComparison.Ordinal);
}
