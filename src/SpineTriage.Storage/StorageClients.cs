using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace SpineTriage.Storage;

/// <summary>
/// The Table and Queue service clients of one storage account, from a connection string or from an
/// account URI with <see cref="DefaultAzureCredential"/> (managed identity in Azure: no keys).
/// Queue messages are Base64-encoded, as the Azure Functions queue trigger expects by default.
/// </summary>
public sealed partial class StorageClients
{
    /// <summary>Creates the clients for a connection string or an https account URI.</summary>
    public StorageClients(string connection, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (connection.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(connection);
            var match = AccountHost().Match(uri.Host);
            if (!match.Success)
            {
                throw new ArgumentException(
                    "A storage account URI looks like https://<account>.<blob|queue|table>.core.windows.net.", nameof(connection));
            }

            var account = match.Groups["account"].Value;
            var suffix = match.Groups["suffix"].Value;
            credential ??= new DefaultAzureCredential();
            Tables = new TableServiceClient(new Uri($"https://{account}.table.{suffix}"), credential);
            Queues = new QueueServiceClient(new Uri($"https://{account}.queue.{suffix}"), credential, queueOptions);
            Description = $"https://{account}.(table|queue).{suffix} (DefaultAzureCredential)";
        }
        else
        {
            Tables = new TableServiceClient(connection);
            Queues = new QueueServiceClient(connection, queueOptions);
            Description = connection == StorageOptions.DevelopmentStorage ? "local emulator (UseDevelopmentStorage=true)" : Redact(connection);
        }
    }

    /// <summary>The Table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The Queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The storage in words for logs and the console: never a key.</summary>
    public string Description { get; }

    // Endpoints of a connection string without its secrets, for messages.
    private static string Redact(string connection) =>
        string.Join("; ", connection.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => part.StartsWith("AccountName=", StringComparison.OrdinalIgnoreCase)
                || part.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex(@"^(?<account>[a-z0-9]{3,24})\.(blob|queue|table|dfs|file)\.(?<suffix>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccountHost();
}
