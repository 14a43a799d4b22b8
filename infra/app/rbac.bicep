// The roles of the Function App's identity: exactly what the app needs, each at the narrowest scope
// the data plane supports, never the whole storage account, namespace or vault.
//   Azure Service Bus Data Receiver  on the referral queue        receive, complete, abandon, dead-letter
//   Storage Blob Data Owner          on each of the 3 containers  app-package: the deployment package;
//                                                                 azure-webjobs-hosts: timer schedule
//                                                                 monitor, locks, host id;
//                                                                 azure-webjobs-secrets: host keys
//   Storage Table Data Contributor   on each of the 6 tables      the pipeline's tables, one assignment each
//   Key Vault Secrets User           on the SMTP secret           the Key Vault reference for the SMTP password
//   Key Vault Secrets User           on the console secret        the Key Vault reference for the review console
//                                                                 sign-in's client secret (only when configured)
//   Monitoring Metrics Publisher     on Application Insights      telemetry ingestion with local auth off
//                                                                 (a component has no narrower scope)
// Not granted: Azure Service Bus Data Owner (Manage rights: the trigger does not create entities, and
// the scale controller falls back to listen-only scale decisions), Storage Queue Data Contributor
// (no Storage queue trigger or binding; Service Bus and timer triggers keep their state in blobs),
// and any table role on the table service: the host's diagnostic-events tables (one per month,
// created, listed and purged by the host) would need the account-wide role, so the app settings
// leave the host's table endpoint out and that host feature off.
// Assignment names are guid(scope, identity, role): stable across deployments, unique per scope.

@description('Name of the user-assigned identity that receives the roles.')
param identityName string

@description('Name of the storage account.')
param storageAccountName string

@description('The pipeline\'s tables: the app gets Storage Table Data Contributor on each, and on no other table.')
param tableNames string[]

@description('The blob containers of the deployment package and the Functions host: the app gets Storage Blob Data Owner on each, and on no other container.')
param blobContainerNames string[]

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the referral queue.')
param queueName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the SMTP password secret.')
param smtpPasswordSecretName string

@description('Name of the review console sign-in\'s client secret; empty when the sign-in is not configured (no role then).')
param consoleClientSecretName string = ''

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Built-in role definition ids.')
var roles = {
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource blobServices 'blobServices' existing = {
    name: 'default'

    resource containers 'containers' existing = [
      for containerName in blobContainerNames: {
        name: containerName
      }
    ]
  }

  resource tableServices 'tableServices' existing = {
    name: 'default'

    resource tables 'tables' existing = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName

  resource queue 'queues' existing = {
    name: queueName
  }
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName

  resource smtpPasswordSecret 'secrets' existing = {
    name: smtpPasswordSecretName
  }

  resource consoleClientSecret 'secrets' existing = if (!empty(consoleClientSecretName)) {
    name: !empty(consoleClientSecretName) ? consoleClientSecretName : 'unused'
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource queueReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::queue.id, identity.id, roles.serviceBusDataReceiver)
  scope: serviceBus::queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'SpineTriage Functions: receive and settle referral messages.'
  }
}

resource containerOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in blobContainerNames: {
    name: guid(storage::blobServices::containers[i].id, identity.id, roles.storageBlobDataOwner)
    scope: storage::blobServices::containers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      description: 'SpineTriage Functions: host storage (AzureWebJobsStorage) or the deployment package, container ${containerName}.'
    }
  }
]

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (tableName, i) in tableNames: {
    name: guid(storage::tableServices::tables[i].id, identity.id, roles.storageTableDataContributor)
    scope: storage::tableServices::tables[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      description: 'SpineTriage Functions: the pipeline\'s table ${tableName}.'
    }
  }
]

resource smtpSecretUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::smtpPasswordSecret.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault::smtpPasswordSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'SpineTriage Functions: read the SMTP password through a Key Vault reference.'
  }
}

resource consoleSecretUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(consoleClientSecretName)) {
  name: guid(vault::consoleClientSecret.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault::consoleClientSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'SpineTriage Functions: read the review console sign-in\'s client secret through a Key Vault reference.'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'SpineTriage Functions: send telemetry to Application Insights with Entra ID (local auth is off).'
  }
}
