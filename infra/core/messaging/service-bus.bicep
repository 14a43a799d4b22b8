// The Service Bus namespace and the referral queue. Local (SAS key) authentication is off: senders
// and receivers use Entra ID roles. The queue de-duplicates on the message id within the window,
// dead-letters a message after maxDeliveryCount failed deliveries, and dead-letters expired messages.
// Private endpoints (and so public network access Disabled) need the Premium tier; Standard is for
// a deployment without private networking.

@description('Name of the Service Bus namespace.')
param namespaceName string

@description('Name of the referral queue.')
param queueName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags resourceTags

@description('Tier: Premium (private endpoints, runtime audit logs) or Standard (public endpoint only). Both support duplicate detection; Basic does not.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Premium'

@description('Messaging units of a Premium namespace (1, 2, 4, 8 or 16); ignored on Standard.')
@allowed([
  1
  2
  4
  8
  16
])
param premiumMessagingUnits int = 1

@description('Enabled: reachable from the internet (Entra ID still required). Disabled: only through the private endpoint, which exists only on Premium (a Standard namespace must stay Enabled).')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Disabled'

@description('How long a received message stays locked for one delivery (ISO 8601; at most PT5M). The Functions host renews it up to maxAutoLockRenewalDuration.')
param lockDuration string = 'PT1M'

@description('Deliveries before a message moves to the dead-letter queue (the worker host\'s MaxDequeueCount is 5 too).')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int = 5

@description('How long message ids are remembered for duplicate detection (ISO 8601, 20 seconds to 7 days).')
param duplicateDetectionHistoryTimeWindow string = 'PT1H'

@description('How long an unprocessed message lives before it is dead-lettered (ISO 8601).')
param defaultMessageTimeToLive string = 'P14D'

@description('Resource tags.')
type resourceTags = {
  @description('A tag value, by tag name.')
  *: string
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: skuName == 'Premium' ? premiumMessagingUnits : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess
  }

  resource queue 'queues' = {
    name: queueName
    properties: {
      lockDuration: lockDuration
      maxDeliveryCount: maxDeliveryCount
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: defaultMessageTimeToLive
      requiresSession: false
      enablePartitioning: false
      maxSizeInMegabytes: 1024
    }
  }
}

@description('Name of the namespace.')
output namespaceName string = namespace.name

@description('Resource ID of the namespace (for its private endpoint).')
output id string = namespace.id

@description('Fully qualified namespace host name, e.g. <namespace>.servicebus.windows.net (from the endpoint, so it follows the cloud).')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]

@description('Name of the referral queue.')
output queueName string = namespace::queue.name
