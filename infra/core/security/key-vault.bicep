// The Key Vault holding the SMTP password, and the review console's client secret when its sign-in is
// configured. Access is by Azure RBAC only (no access policies); the
// app reads the secret through a Key Vault reference in its app settings. With public network
// access off, the data plane is reachable only through the vault's private endpoint; the secret
// itself is written by this deployment through Azure Resource Manager, which the vault's firewall
// does not apply to.

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags resourceTags

@description('Name of the SMTP password secret.')
param smtpPasswordSecretName string

@secure()
@description('The SMTP password. Supplied at deployment (azd prompts for it); never a default, never an output.')
param smtpPassword string

@description('Name of the review console sign-in\'s client secret; empty when the sign-in is not configured (no such secret then).')
param consoleClientSecretName string = ''

@secure()
@description('The client secret of the review console\'s Entra ID app registration. Supplied at deployment; never a default value, never an output.')
param consoleClientSecret string = ''

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Enabled: reachable from the internet (Entra ID still required). Disabled: only through the private endpoint.')
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

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
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
  }

  resource smtpPasswordSecret 'secrets' = {
    name: smtpPasswordSecretName
    properties: {
      value: smtpPassword
      contentType: 'text/plain'
    }
  }

  resource consoleClientSecretEntry 'secrets' = if (!empty(consoleClientSecretName)) {
    name: !empty(consoleClientSecretName) ? consoleClientSecretName : 'unused'
    properties: {
      value: consoleClientSecret
      contentType: 'text/plain'
    }
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Resource ID of the vault (for its private endpoint).')
output id string = vault.id
