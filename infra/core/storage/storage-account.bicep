// The storage account: the Functions host's storage (AzureWebJobsStorage, blobs only), the
// deployment package container, and the pipeline's tables. Shared keys are off, so every caller
// authenticates with Entra ID (the app's managed identity). With public network access off, the
// account is reachable only through its private endpoints (table, queue, blob).

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags resourceTags

@description('Blob containers: the deployment package\'s and the Functions host\'s (azure-webjobs-hosts, azure-webjobs-secrets). They exist before the app starts, so the app\'s blob role can be scoped to each of them.')
param containerNames string[]

@description('Tables the pipeline uses.')
param tableNames string[]

@description('Enabled: reachable from the internet (Entra ID still required). Disabled: only through private endpoints.')
@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Disabled'

@description('Resource tags.')
type resourceTags = {
  @description('A tag value, by tag name.')
  *: string
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: publicNetworkAccess
    // Private: no firewall exception either, not even for trusted Azure services.
    networkAcls: publicNetworkAccess == 'Disabled'
      ? {
          defaultAction: 'Deny'
          bypass: 'None'
        }
      : {
          defaultAction: 'Allow'
          bypass: 'AzureServices'
        }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: {
          enabled: true
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource containers 'containers' = [
      for containerName in containerNames: {
        name: containerName
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

@description('Name of the storage account.')
output name string = storage.name

@description('Resource ID of the storage account (for its private endpoints).')
output id string = storage.id

@description('Blob service endpoint, e.g. https://<account>.blob.core.windows.net/.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Table service endpoint, e.g. https://<account>.table.core.windows.net/.')
output tableEndpoint string = storage.properties.primaryEndpoints.table
