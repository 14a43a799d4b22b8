// SpineTriage in Azure (azd layout): the Functions app on Flex Consumption, its Service Bus queue,
// storage, Key Vault and monitoring, wired with one user-assigned managed identity and no keys.
// By default the deployment is private: storage, Service Bus (Premium) and Key Vault are reachable
// only through private endpoints in a virtual network the app is integrated with, and every
// data-plane access to them is logged to Log Analytics. See docs/deployment.md.
// `azd up` provisions this file with main.parameters.json, then deploys src/SpineTriage.Functions.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it seeds the unique resource names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource. It must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Name of the referral queue.')
param referralsQueueName string = 'referrals'

@description('Private networking: a virtual network with the app\'s VNet integration and private endpoints for storage, Service Bus and Key Vault, whose public network access is then Disabled; Service Bus is Premium (private endpoints need it). false: public endpoints (Entra ID only) and Service Bus Standard, for a quick trial without patient data.')
param usePrivateNetworking bool = true

@description('Address space of the virtual network (a /23 or larger; the app and private endpoint subnets are its first two /24s). Pick a range that does not overlap a network you will peer with.')
param virtualNetworkAddressPrefix string = '10.0.0.0/16'

@description('NCRONTAB schedule (six fields, seconds first, UTC) of the postponed-case summary. Default: daily at 06:00.')
param summarySchedule string = '0 0 6 * * *'

@description('NCRONTAB schedule (six fields, seconds first, UTC) of the review alerts: the longest an alert waits. Default: every 2 minutes.')
param alertSchedule string = '0 */2 * * * *'

@minLength(1)
@description('SMTP server of the summary emails.')
param smtpHost string

@description('SMTP port (587: submission with STARTTLS).')
param smtpPort int = 587

@description('SMTP user name; empty for a server that needs no authentication.')
param smtpUser string = ''

@minLength(3)
@description('Sender of the summary emails, e.g. "SpineTriage <spinetriage@hospital.example>".')
param smtpFrom string

@secure()
@minLength(1)
@description('SMTP password. It is stored only in Key Vault; the app reads it through a Key Vault reference.')
param smtpPassword string

@description('Summary email recipients per region, e.g. { "north-east": [ "head@hospital.example" ], "*": [ "lead@hospital.example" ] }; "*" receives the rollup.')
param summaryRecipients recipientsByRegion = {}

@description('Review alert addresses per region, e.g. { "north-east": [ "review.ne@hospital.example" ], "*": [ "on-call@hospital.example" ] }; "*" is for any region without its own. A region with neither keeps its alerts pending.')
param alertRecipients recipientsByRegion = {}

@description('Client (application) ID of the review console\'s Microsoft Entra ID app registration (docs/deployment.md, Review console sign-in). Empty: the console\'s sign-in is not configured, and its HTTP functions answer 404 for everything.')
param consoleClientId string = ''

@secure()
@description('Client secret of that app registration. It is stored only in Key Vault; App Service authentication reads it through a Key Vault reference. Required when consoleClientId is set.')
param consoleClientSecret string = ''

@description('The app role value (of the app registration) whose holders may record decisions; anyone else signed in reads only.')
param consoleReviewerRole string = 'SpineTriage.Reviewer'

@description('Recipient addresses per region key.')
type recipientsByRegion = {
  @description('Recipient addresses of a region (its key is the region; * is the rollup).')
  *: string[]
}

@description('Whether the review console\'s sign-in is configured (an app registration is named).')
var consoleSignIn = !empty(consoleClientId)

@description('The app setting App Service authentication reads the console sign-in\'s client secret from (a Key Vault reference that app/functions.bicep sets).')
var consoleCredentialSetting = 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'

@description('Seeds unique, stable resource names: one set per subscription, environment and region.')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
@description('Tags on every resource: azd finds the environment\'s resources by azd-env-name.')
var tags = { 'azd-env-name': environmentName }
@description('Resource names, with the abbreviations of the Azure naming guidance.')
var names = {
  resourceGroup: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  identity: 'id-func-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'app-package'
  serviceBus: 'sb-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  smtpPasswordSecret: 'smtp-password'
  consoleClientSecret: 'console-client-secret'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  virtualNetwork: 'vnet-${resourceToken}'
  networkSecurityGroup: 'nsg-${resourceToken}'
  natGateway: 'ng-${resourceToken}'
  natPublicIp: 'pip-ng-${resourceToken}'
  tableEndpoint: 'pe-table-${resourceToken}'
  queueEndpoint: 'pe-queue-${resourceToken}'
  blobEndpoint: 'pe-blob-${resourceToken}'
  serviceBusEndpoint: 'pe-sb-${resourceToken}'
  keyVaultEndpoint: 'pe-kv-${resourceToken}'
}

@description('Private DNS zones of the private endpoints. Storage zones follow the cloud (environment()); the Service Bus and Key Vault zones are the Azure public cloud\'s.')
var privateDnsZones = {
  table: 'privatelink.table.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  serviceBus: 'privatelink.servicebus.windows.net'
  keyVault: 'privatelink.vaultcore.azure.net'
}

@description('Public network access of storage, Service Bus and Key Vault: Disabled when private.')
var publicNetworkAccess = usePrivateNetworking ? 'Disabled' : 'Enabled'

@description('Service Bus tier: Premium when private (private endpoints exist only on Premium), else Standard.')
var serviceBusSku = usePrivateNetworking ? 'Premium' : 'Standard'

@description('The tables of the pipeline (the SpineTriage:Storage defaults).')
var tableNames = [
  'TriageResults'
  'PostponedCases'
  'ReviewBacklog'
  'RejectedMessages'
  'RegionStatuses'
  'SummaryRuns'
  'ReviewAlerts'
  'ReviewAlertsSent'
]

@description('Blob containers: the deployment package\'s, and the Functions host\'s (schedule monitor, locks and host id; keys).')
var blobContainerNames = [
  names.deploymentContainer
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'core/security/managed-identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: 30
  }
}

module storage 'core/storage/storage-account.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    containerNames: blobContainerNames
    tableNames: tableNames
    publicNetworkAccess: publicNetworkAccess
  }
}

module serviceBus 'core/messaging/service-bus.bicep' = {
  scope: rg
  params: {
    namespaceName: names.serviceBus
    queueName: referralsQueueName
    location: location
    tags: tags
    skuName: serviceBusSku
    publicNetworkAccess: publicNetworkAccess
    lockDuration: 'PT1M'
    maxDeliveryCount: 5
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P14D'
  }
}

module keyVault 'core/security/key-vault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    smtpPasswordSecretName: names.smtpPasswordSecret
    smtpPassword: smtpPassword
    consoleClientSecretName: consoleSignIn ? names.consoleClientSecret : ''
    consoleClientSecret: consoleClientSecret
    softDeleteRetentionInDays: 90
    publicNetworkAccess: publicNetworkAccess
  }
}

module network 'core/network/virtual-network.bicep' = if (usePrivateNetworking) {
  scope: rg
  params: {
    name: names.virtualNetwork
    networkSecurityGroupName: names.networkSecurityGroup
    natGatewayName: names.natGateway
    natPublicIpName: names.natPublicIp
    location: location
    tags: tags
    addressPrefix: virtualNetworkAddressPrefix
  }
}

module tableEndpoint 'core/network/private-endpoint.bicep' = if (usePrivateNetworking) {
  scope: rg
  params: {
    name: names.tableEndpoint
    location: location
    tags: tags
    privateLinkServiceId: storage.outputs.id
    groupId: 'table'
    privateDnsZoneName: privateDnsZones.table
    virtualNetworkName: names.virtualNetwork
    subnetId: network!.outputs.privateEndpointSubnetId
  }
}

module queueEndpoint 'core/network/private-endpoint.bicep' = if (usePrivateNetworking) {
  scope: rg
  params: {
    name: names.queueEndpoint
    location: location
    tags: tags
    privateLinkServiceId: storage.outputs.id
    groupId: 'queue'
    privateDnsZoneName: privateDnsZones.queue
    virtualNetworkName: names.virtualNetwork
    subnetId: network!.outputs.privateEndpointSubnetId
  }
}

module blobEndpoint 'core/network/private-endpoint.bicep' = if (usePrivateNetworking) {
  scope: rg
  params: {
    name: names.blobEndpoint
    location: location
    tags: tags
    privateLinkServiceId: storage.outputs.id
    groupId: 'blob'
    privateDnsZoneName: privateDnsZones.blob
    virtualNetworkName: names.virtualNetwork
    subnetId: network!.outputs.privateEndpointSubnetId
  }
}

module serviceBusEndpoint 'core/network/private-endpoint.bicep' = if (usePrivateNetworking) {
  scope: rg
  params: {
    name: names.serviceBusEndpoint
    location: location
    tags: tags
    privateLinkServiceId: serviceBus.outputs.id
    groupId: 'namespace'
    privateDnsZoneName: privateDnsZones.serviceBus
    virtualNetworkName: names.virtualNetwork
    subnetId: network!.outputs.privateEndpointSubnetId
  }
}

module keyVaultEndpoint 'core/network/private-endpoint.bicep' = if (usePrivateNetworking) {
  scope: rg
  params: {
    name: names.keyVaultEndpoint
    location: location
    tags: tags
    privateLinkServiceId: keyVault.outputs.id
    groupId: 'vault'
    privateDnsZoneName: privateDnsZones.keyVault
    virtualNetworkName: names.virtualNetwork
    subnetId: network!.outputs.privateEndpointSubnetId
  }
}

module diagnostics 'app/diagnostics.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    serviceBusNamespaceName: names.serviceBus
    serviceBusSku: serviceBusSku
  }
  dependsOn: [
    monitoring
    storage
    keyVault
    serviceBus
  ]
}

module rbac 'app/rbac.bicep' = {
  scope: rg
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    tableNames: tableNames
    blobContainerNames: blobContainerNames
    serviceBusNamespaceName: names.serviceBus
    queueName: referralsQueueName
    keyVaultName: names.keyVault
    smtpPasswordSecretName: names.smtpPasswordSecret
    consoleClientSecretName: consoleSignIn ? names.consoleClientSecret : ''
    applicationInsightsName: names.applicationInsights
  }
  dependsOn: [
    identity
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

module functions 'app/functions.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    azdServiceName: 'functions'
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    serviceBusNamespaceName: names.serviceBus
    queueName: referralsQueueName
    keyVaultName: names.keyVault
    smtpPasswordSecretName: names.smtpPasswordSecret
    summarySchedule: summarySchedule
    alertSchedule: alertSchedule
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUser: smtpUser
    smtpFrom: smtpFrom
    summaryRecipients: summaryRecipients
    alertRecipients: alertRecipients
    consoleSignIn: consoleSignIn
    consoleClientSecretName: names.consoleClientSecret
    consoleReviewerRole: consoleReviewerRole
    instanceMemoryMB: 2048
    maximumInstanceCount: 40
    virtualNetworkSubnetId: usePrivateNetworking ? network!.outputs.appSubnetId : ''
  }
  // The roles and the private endpoints exist before the app starts, so its first triggers (and the
  // platform's read of the deployment package) neither fail authorization nor resolve a closed
  // public endpoint.
  dependsOn: [
    rbac
    tableEndpoint
    queueEndpoint
    blobEndpoint
    serviceBusEndpoint
    keyVaultEndpoint
  ]
}

// The review console's sign-in: App Service authentication with Entra ID in front of every HTTP
// request, once the app (and its Key Vault reference to the client secret) exists.
module consoleAuth 'app/console-auth.bicep' = if (consoleSignIn) {
  scope: rg
  params: {
    appName: names.functionApp
    clientId: consoleClientId
    clientCredentialSetting: consoleCredentialSetting
  }
  dependsOn: [
    functions
  ]
}

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group of the deployment.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the Function App (azd deploys the functions service to it).')
output AZURE_FUNCTION_NAME string = functions.outputs.name

@description('Fully qualified Service Bus namespace, for senders of referral messages.')
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace

@description('Name of the referral queue.')
output REFERRALS_QUEUE string = serviceBus.outputs.queueName

@description('Table service endpoint of the pipeline\'s tables (spinetriage --storage accepts it).')
output STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('Name of the Key Vault holding the SMTP password.')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('The review console\'s address when its sign-in is configured; empty otherwise.')
output CONSOLE_URL string = consoleSignIn ? 'https://${functions.outputs.defaultHostName}/api/console' : ''

@description('The redirect URI the console\'s app registration needs (web platform).')
output CONSOLE_REDIRECT_URI string = 'https://${functions.outputs.defaultHostName}/.auth/login/aad/callback'

@description('The static public IP the app\'s outbound internet traffic (SMTP, telemetry) leaves from when private; empty otherwise. Allow it on the SMTP relay.')
output OUTBOUND_IP_ADDRESS string = usePrivateNetworking ? network!.outputs.natPublicIpAddress : ''
