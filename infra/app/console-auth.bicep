// Sign-in for the review console (the app's HTTP functions): App Service built-in authentication
// with Microsoft Entra ID, in front of every HTTP request. Unauthenticated browsers are sent to the
// Entra ID sign-in page; the platform then passes the signed-in identity to the app in the
// X-MS-CLIENT-PRINCIPAL header (it strips any such header a client sends). The app records that
// identity as the reviewer, and lets only members of the reviewer app role decide. The queue and
// timer triggers are not HTTP and are unaffected.
//
// The app registration (client id, the reviewer app role, "assignment required") is created in
// Entra ID beforehand: Bicep here cannot create it. See docs/deployment.md, "Review console sign-in".

@description('Name of the Function App.')
param appName string

@description('Client (application) ID of the review console\'s Microsoft Entra ID app registration.')
param clientId string

@description('Name of the app setting that holds the registration\'s client secret (a Key Vault reference); the name only, never the secret.')
param clientCredentialSetting string

@description('How long a sign-in lasts before the reviewer signs in again.')
param sessionLength string = '08:00:00'

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: appName
}

resource auth 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          clientSecretSettingName: clientCredentialSetting
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      // No token store: the app needs the identity and its roles, never the user's tokens.
      tokenStore: {
        enabled: false
      }
      cookieExpiration: {
        convention: 'FixedTime'
        timeToExpiration: sessionLength
      }
    }
  }
}
