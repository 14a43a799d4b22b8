using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using SpineTriage.Core.Pipeline;

namespace SpineTriage.Functions;

/// <summary>
/// Triages each referral message on the Service Bus queue with the pipeline's handler, the same one
/// the worker host calls. An invalid message is stored as rejected and the call returns, so the
/// trigger completes it (<c>autoCompleteMessages</c>). A storage failure throws, so the trigger
/// abandons the message, Service Bus delivers it again, and after the queue's
/// <c>maxDeliveryCount</c> moves it to the dead-letter queue. The body is never logged.
/// </summary>
public sealed class TriageReferral
{
    private readonly ReferralMessageHandler _handler;

    /// <summary>Creates the function.</summary>
    public TriageReferral(ReferralMessageHandler handler)
    {
        _handler = handler;
    }

    /// <summary>Handles one message.</summary>
    [Function(nameof(TriageReferral))]
    public async Task RunAsync(
        [ServiceBusTrigger("%REFERRALS_QUEUE%", Connection = "ServiceBusConnection")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var context = new QueueMessageContext(message.MessageId, message.DeliveryCount);
        await _handler.HandleAsync(message.Body.ToMemory(), context, cancellationToken).ConfigureAwait(false);
    }
}
