// SpineTriage in Azure (azd layout): the Functions app on Flex Consumption, its Service Bus queue,
// storage, Key Vault and monitoring, wired with one user-assigned managed identity and no keys.
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

@description('NCRONTAB schedule (six fields, seconds first, UTC) of the postponed-case summary. Default: daily at 06:00.')
param summarySchedule string = '0 0 6 * * *'

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

@description('Recipient addresses per region key.')
type recipientsByRegion = {
  @description('Recipient addresses of a region (its key is the region; * is the rollup).')
  *: string[]
}

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
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
}

@description('The tables of the pipeline (the SpineTriage:Storage defaults).')
var tableNames = [
  'TriageResults'
  'PostponedCases'
  'ReviewBacklog'
  'RejectedMessages'
  'RegionStatuses'
  'SummaryRuns'
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
    deploymentContainerName: names.deploymentContainer
    tableNames: tableNames
  }
}

module serviceBus 'core/messaging/service-bus.bicep' = {
  scope: rg
  params: {
    namespaceName: names.serviceBus
    queueName: referralsQueueName
    location: location
    tags: tags
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
    softDeleteRetentionInDays: 90
  }
}

module rbac 'app/rbac.bicep' = {
  scope: rg
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    serviceBusNamespaceName: names.serviceBus
    queueName: referralsQueueName
    keyVaultName: names.keyVault
    smtpPasswordSecretName: names.smtpPasswordSecret
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
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUser: smtpUser
    smtpFrom: smtpFrom
    summaryRecipients: summaryRecipients
    instanceMemoryMB: 2048
    maximumInstanceCount: 40
  }
  // The roles exist before the app starts, so its first triggers do not fail authorization.
  dependsOn: [
    rbac
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
