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
/// <see cref="RawQueues"/> reads them as stored, without the SDK's decoding, so that the worker decodes
/// each message itself and a message that is not Base64 (another producer's) is kept for an operator
/// without touching the rest of its batch.
/// </summary>
public sealed partial class StorageClients
{
    /// <summary>The suffix of a queue's poison queue.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>Creates the clients for a connection string or an https account URI.</summary>
    public StorageClients(string connection, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var rawOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
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
            RawQueues = new QueueServiceClient(new Uri($"https://{account}.queue.{suffix}"), credential, rawOptions);
            Description = $"https://{account}.(table|queue).{suffix} (DefaultAzureCredential)";
        }
        else
        {
            try
            {
                Tables = new TableServiceClient(connection);
                Queues = new QueueServiceClient(connection, queueOptions);
                RawQueues = new QueueServiceClient(connection, rawOptions);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
            {
                // The SDK's message can quote a piece of the string (a key pasted without its name): not repeated.
                throw new ArgumentException(
                    "The storage connection is neither a connection string (AccountName=...;AccountKey=... or UseDevelopmentStorage=true) nor an https://<account>.<service>.core.windows.net URI.",
                    nameof(connection),
                    e);
            }

            Description = connection == StorageOptions.DevelopmentStorage ? "local emulator (UseDevelopmentStorage=true)" : Redact(connection);
        }
    }

    /// <summary>The Table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The Queue service (messages Base64-encoded on send and decoded on receive).</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The Queue service without any message encoding: bodies as stored.</summary>
    public QueueServiceClient RawQueues { get; }

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
