using Azure.Core;
using Moq;

namespace SpineTriage.Storage.Tests;

public sealed class StorageClientsTests
{
    [Theory]
    [InlineData("https://myaccount.table.core.windows.net")]
    [InlineData("https://myaccount.queue.core.windows.net/")]
    [InlineData("https://MYACCOUNT.blob.core.windows.net")]
    public void AccountUri_AnyServiceOfTheAccount_GivesItsTableAndQueueEndpoints(string uri)
    {
        var clients = new StorageClients(uri, Mock.Of<TokenCredential>());

        Assert.Equal("myaccount.table.core.windows.net", clients.Tables.Uri.Host, ignoreCase: true);
        Assert.Equal("myaccount.queue.core.windows.net", clients.Queues.Uri.Host, ignoreCase: true);
        Assert.Contains("DefaultAzureCredential", clients.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AccountUri_SovereignCloudSuffix_IsKept()
    {
        var clients = new StorageClients("https://acct.table.core.chinacloudapi.cn", Mock.Of<TokenCredential>());

        Assert.Equal("acct.queue.core.chinacloudapi.cn", clients.Queues.Uri.Host);
    }

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("https://not-an-account.table.core.windows.net")]
    public void AccountUri_NotAStorageAccount_IsRefusedWithTheExpectedShape(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => new StorageClients(uri, Mock.Of<TokenCredential>()));

        Assert.Contains("https://<account>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionString_Description_NeverShowsTheAccountKey()
    {
        const string key = "c2VjcmV0LWtleS1ub3QtZm9yLWxvZ3M=";
        var clients = new StorageClients($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={key};EndpointSuffix=core.windows.net");

        Assert.DoesNotContain(key, clients.Description, StringComparison.Ordinal);
        Assert.Contains("AccountName=acct", clients.Description, StringComparison.Ordinal);
    }
}
