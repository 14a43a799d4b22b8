// The SpineTriage Function App on the Flex Consumption plan (FC1, Linux), running as the
// user-assigned identity. Every connection is identity-based: no key, SAS or connection string with a
// secret appears in its settings. The SMTP password and the review console sign-in's client secret are
// Key Vault references. With a subnet, the app
// is VNet-integrated: its outbound calls to storage, Service Bus and Key Vault resolve to their
// private endpoints inside the network.

@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources (azd-service-name is added to the app).')
param tags resourceTags

@description('The azd service name in azure.yaml that deploys to this app.')
param azdServiceName string

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account (host storage, deployment package, tables).')
param storageAccountName string

@description('Blob container the plan deploys the app package from.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string

@description('Name of the referral queue.')
param queueName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the SMTP password secret in the Key Vault.')
param smtpPasswordSecretName string

@description('NCRONTAB schedule (six fields, seconds first, UTC) of the postponed-case summary.')
param summarySchedule string

@description('NCRONTAB schedule (six fields, seconds first, UTC) of the review alerts.')
param alertSchedule string

@description('SMTP server of the summary emails.')
param smtpHost string

@description('SMTP port (587: submission with STARTTLS).')
param smtpPort int

@description('SMTP user name; empty for a server that needs no authentication.')
param smtpUser string

@description('Sender of the summary emails (RFC 5322 mailbox).')
param smtpFrom string

@description('Summary email recipients per region; the key * receives the rollup across regions.')
param summaryRecipients recipientsByRegion

@description('Review alert addresses per region; the key * is for any region without its own.')
param alertRecipients recipientsByRegion

@description('Whether the review console\'s sign-in (App Service authentication with Entra ID) is configured: the console\'s HTTP functions answer only then (else 404).')
param consoleSignIn bool = false

@description('Name of the review console sign-in\'s client secret in the Key Vault (read only when consoleSignIn).')
param consoleClientSecretName string = ''

@description('The Entra ID app role value whose holders may record decisions in the review console.')
param consoleReviewerRole string = 'SpineTriage.Reviewer'

@description('Resource ID of the subnet (delegated to Microsoft.App/environments) for outbound VNet integration; empty for none.')
param virtualNetworkSubnetId string = ''

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the plan scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Resource tags.')
type resourceTags = {
  @description('A tag value, by tag name.')
  *: string
}

@description('Recipient addresses per region key.')
type recipientsByRegion = {
  @description('Recipient addresses of a region (its key is the region; * is the rollup).')
  *: string[]
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName

  resource smtpPasswordSecret 'secrets' existing = {
    name: smtpPasswordSecretName
  }

  resource consoleClientSecret 'secrets' existing = if (consoleSignIn) {
    name: consoleSignIn ? consoleClientSecretName : 'unused'
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    httpsOnly: true
    // Key Vault references resolve with this identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage, identity-based. Blobs carry the timer's schedule monitor, locks and keys. No
      // queue endpoint: no binding uses Storage queues. No table endpoint: the host would keep its
      // diagnostic events in tables it creates and purges monthly, which needs a table role on the
      // whole account (and so on every patient table); the app's roles are per table instead.
      AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId

      // Telemetry: the connection string names the ingestion endpoint; authentication is Entra ID.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

      // The Service Bus trigger's connection "ServiceBusConnection", identity-based.
      ServiceBusConnection__fullyQualifiedNamespace: split(split(serviceBus.properties.serviceBusEndpoint, '//')[1], ':')[0]
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identity.properties.clientId
      REFERRALS_QUEUE: queueName

      // The timer triggers' schedules.
      SUMMARY_SCHEDULE: summarySchedule
      ALERT_SCHEDULE: alertSchedule

      // The pipeline's tables: an https account URI, so StorageClients uses DefaultAzureCredential,
      // which picks the user-assigned identity named by AZURE_CLIENT_ID.
      SpineTriage__Storage__Connection: storage.properties.primaryEndpoints.table
      AZURE_CLIENT_ID: identity.properties.clientId

      // Summary emails. The password is resolved from Key Vault by the platform at start.
      SpineTriage__Email__SmtpHost: smtpHost
      SpineTriage__Email__SmtpPort: string(smtpPort)
      SpineTriage__Email__User: smtpUser
      SpineTriage__Email__From: smtpFrom
      SpineTriage__Email__Password: '@Microsoft.KeyVault(SecretUri=${vault::smtpPasswordSecret.properties.secretUri})'
      // App setting names allow only letters, digits, '.' and '_', so region keys ("north-east", "*")
      // cannot be setting names: the recipients travel as one JSON object (see Program.cs).
      SPINETRIAGE_EMAIL_RECIPIENTS: string(summaryRecipients)
      SPINETRIAGE_ALERT_RECIPIENTS: string(alertRecipients)

      // The review console (HTTP functions under /api/console). On only with its sign-in configured:
      // App Service authentication (console-auth.bicep) reads the client secret from
      // MICROSOFT_PROVIDER_AUTHENTICATION_SECRET, resolved from Key Vault; the app lets holders of the
      // reviewer role decide.
      SPINETRIAGE_CONSOLE_ENABLED: consoleSignIn ? 'true' : 'false'
      SpineTriage__Console__ReviewerRole: consoleReviewerRole
      MICROSOFT_PROVIDER_AUTHENTICATION_SECRET: consoleSignIn ? '@Microsoft.KeyVault(SecretUri=${vault::consoleClientSecret!.properties.secretUri})' : ''
    }
  }

  // No basic (user name and password) publishing: deployment is by azd with Entra ID.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

@description('Name of the Function App.')
output name string = app.name

@description('Default host name of the Function App.')
output defaultHostName string = app.properties.defaultHostName
