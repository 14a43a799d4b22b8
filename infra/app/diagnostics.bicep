// The audit trail of the patient data: resource logs of every data-plane request to the pipeline's
// storage, Key Vault and Service Bus, sent to the Log Analytics workspace (resource-specific tables).
//   table service   StorageRead, StorageWrite, StorageDelete   StorageTableLogs: who read, wrote or
//                                                              deleted which entity of which table
//   queue service   StorageRead, StorageWrite, StorageDelete   StorageQueueLogs
//   blob service    StorageRead, StorageWrite, StorageDelete   StorageBlobLogs: the deployment package,
//                                                              the host's keys and locks
//   Key Vault       AuditEvent                                 AZKVAuditLogs: who read the SMTP password
//   Service Bus     OperationalLogs, VNetAndIPFilteringLogs    AZMSOperationalLogs, AZMSVnetConnectionEvents:
//                                                              entity changes, refused connections
//                   RuntimeAuditLogs (Premium only)            AZMSRuntimeAuditLogs: which identity sent or
//                                                              received referral messages
//
// API version: Microsoft.Insights/diagnosticSettings has no stable API version that takes a Log
// Analytics workspace (2016-09-01 is the legacy "service" setting), so 2021-05-01-preview, the latest,
// is used; the linter's use-recent-api-versions is suppressed on exactly these declarations
// (https://github.com/Azure/bicep/issues/15992).

@description('Name of the Log Analytics workspace that receives the logs.')
param logAnalyticsName string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Tier of the Service Bus namespace: runtime audit logs exist only on Premium.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string

@description('The storage services\' data-plane log categories.')
var storageLogCategories = [
  'StorageRead'
  'StorageWrite'
  'StorageDelete'
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: logAnalyticsName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName

  resource tableServices 'tableServices' existing = {
    name: 'default'
  }

  resource queueServices 'queueServices' existing = {
    name: 'default'
  }

  resource blobServices 'blobServices' existing = {
    name: 'default'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

#disable-next-line use-recent-api-versions
resource tableAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: storage::tableServices
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      for category in storageLogCategories: {
        category: category
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource queueAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: storage::queueServices
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      for category in storageLogCategories: {
        category: category
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource blobAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: storage::blobServices
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      for category in storageLogCategories: {
        category: category
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource vaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

#disable-next-line use-recent-api-versions
resource serviceBusAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: serviceBus
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'OperationalLogs'
        enabled: true
      }
      {
        category: 'VNetAndIPFilteringLogs'
        enabled: true
      }
    ]
  }
}

// A second setting on the namespace, so that a Standard namespace (no runtime audit logs) gets the
// first one unchanged; a category may appear in only one setting per destination, and none repeats.
#disable-next-line use-recent-api-versions
resource serviceBusRuntimeAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (serviceBusSku == 'Premium') {
  name: 'runtime-audit-to-log-analytics'
  scope: serviceBus
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'RuntimeAuditLogs'
        enabled: true
      }
    ]
  }
}
