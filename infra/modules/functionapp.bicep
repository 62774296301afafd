// The function app on a Flex Consumption (FC1) plan, Node 22, running as the user-assigned identity.
// Storage is identity-based (AzureWebJobsStorage__*), the Slack token is a Key Vault reference, and telemetry goes to
// Application Insights with Entra authentication. Flex-deprecated settings (FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*, WEBSITE_TIME_ZONE) are deliberately absent.
// With operatorAppClientId, App Service Authentication signs operators in with Entra ID (authSettings below).
param name string
param planName string
param location string
param tags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param appInsightsName string
param keyVaultName string
param maximumInstanceCount int
param instanceMemoryMB int
param syncJobId string
param syncSchedule string
param entraServicePrincipalId string
param slackScimBaseUrl string
@description('Client ID of the Slack app behind Authorize; empty: Authorize is off (no SLACK_CLIENT_ID, SLACK_CLIENT_SECRET).')
param slackClientId string = ''
param deactivationThreshold int
param deactivationThresholdPercent int
param groupDeleteThreshold int
param activityRetentionDays int
param driftScanIntervalHours int
param driftMode string
param outOfScopeAction string
param disabledUserAction string
param guestPolicy string
param guestExpirationAttribute string = ''
@description('Client id (appId) of the operator sign-in app registration that operator-app.bicep creates. Empty: App Service Authentication stays off, so the sign-in routes answer 401 and only /api/automation/... (function keys) works.')
param operatorAppClientId string = ''
@description('Application ID URI of that app registration (operator-app.bicep output identifierUri): accepted as a token audience besides the client id.')
param operatorAppIdentifierUri string = ''

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// Versionless secret URI: the app always resolves the latest version of SLACK-TOKEN.
var slackTokenReference = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/SLACK-TOKEN/)'

// Authorize (connect Slack without pasting a token) is on when the Slack app's client id is given: its Client Secret
// is a Key Vault reference (Key Vault Secrets User on that secret, rbac.bicep), and the token it obtains is written to
// SLACK-TOKEN (Key Vault Secrets Officer on that secret). The callback URL comes from WEBSITE_HOSTNAME.
var slackAuthorizeSettings = !empty(slackClientId) ? [
  {
    name: 'SLACK_CLIENT_ID'
    value: slackClientId
  }
  {
    name: 'SLACK_CLIENT_SECRET'
    value: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/SLACK-CLIENT-SECRET/)'
  }
] : []

// Operator sign-in (App Service Authentication with Entra ID) is on when operator-app.bicep's client id is given.
var operatorSignIn = !empty(operatorAppClientId)

// Only with operator sign-in. App Service Authentication proves the app registration's identity with a federated
// credential of the user-assigned identity instead of a client secret: the setting named as clientSecretSettingName
// below holds the identity's client id (the documented "use a managed identity instead of a secret" mode). Tokens
// are accepted from this tenant only.
var operatorSignInSettings = operatorSignIn ? [
  {
    name: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
    value: identity.properties.clientId
  }
  {
    name: 'WEBSITE_AUTH_AAD_ALLOWED_TENANTS'
    value: tenant().tenantId
  }
] : []

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references are resolved with the user-assigned identity (Key Vault Secrets User on SLACK-TOKEN, and on
    // SLACK-CLIENT-SECRET with Authorize).
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        // Host storage, identity-based (no connection string, no account key).
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storageAccount.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storageAccount.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storageAccount.properties.primaryEndpoints.table
        }
        // Application Insights with Entra authentication (the component has local auth disabled).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
        // The provisioning job.
        {
          name: 'SYNC_JOB_ID'
          value: syncJobId
        }
        {
          name: 'SYNC_SCHEDULE'
          value: syncSchedule
        }
        {
          name: 'DEACTIVATION_THRESHOLD'
          value: string(deactivationThreshold)
        }
        {
          name: 'DEACTIVATION_THRESHOLD_PERCENT'
          value: string(deactivationThresholdPercent)
        }
        {
          name: 'GROUP_DELETE_THRESHOLD'
          value: string(groupDeleteThreshold)
        }
        {
          name: 'DRIFT_SCAN_INTERVAL_HOURS'
          value: string(driftScanIntervalHours)
        }
        {
          name: 'DRIFT_MODE'
          value: driftMode
        }
        {
          name: 'OUT_OF_SCOPE_ACTION'
          value: outOfScopeAction
        }
        {
          name: 'DISABLED_USER_ACTION'
          value: disabledUserAction
        }
        {
          name: 'GUEST_POLICY'
          value: guestPolicy
        }
        {
          name: 'GUEST_EXPIRATION_ATTRIBUTE'
          value: guestExpirationAttribute
        }
        {
          name: 'ACTIVITY_RETENTION_DAYS'
          value: string(activityRetentionDays)
        }
        // The Node worker's arguments (shared/hosting/nodeWorkerArguments.ts): V8 keeps the heap near what is live.
        {
          name: 'languageWorkers__node__arguments'
          value: '--heap-growing-percent=40'
        }
        // Microsoft Graph through the managed identity (no client secret); roles granted by graph-permissions.bicep.
        {
          name: 'GRAPH_TENANT_ID'
          value: tenant().tenantId
        }
        {
          name: 'GRAPH_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'ENTRA_SERVICE_PRINCIPAL_ID'
          value: entraServicePrincipalId
        }
        // Slack.
        {
          name: 'SLACK_SCIM_BASE_URL'
          value: slackScimBaseUrl
        }
        {
          name: 'SLACK_TOKEN'
          value: slackTokenReference
        }
        // The same secret, read at run time (the reference above is resolved only at start), and where Authorize
        // writes a new token.
        {
          name: 'SLACK_TOKEN_SECRET_URI'
          value: '${vault.properties.vaultUri}secrets/SLACK-TOKEN'
        }
        // Graph change notifications: the URL comes from WEBSITE_HOSTNAME; the clientState is a generated secret.
        {
          name: 'GRAPH_NOTIFICATIONS'
          value: 'true'
        }
        {
          name: 'GRAPH_NOTIFICATION_CLIENT_STATE'
          value: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/GRAPH-NOTIFICATION-CLIENT-STATE/)'
        }
      ], operatorSignInSettings, slackAuthorizeSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// No publishing with user names and passwords: deployments use the identity (azd, zip deploy to blob storage).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// App Service Authentication (Easy Auth) for the operator API, declared in every deployment so that emptying
// OPERATOR_APP_CLIENT_ID and provisioning again turns it off. When on, every request must be signed in with Entra ID
// (a browser is sent to the sign-in page; a fetch that sends X-Requested-With: XMLHttpRequest, or a client with a
// bearer token that fails validation, gets a 401) except the automation routes, /api/automation/<route>: those are
// authLevel "function" and the Functions host checks their function key. Which app role a caller needs is checked by
// the handlers (shared/hosting/operatorRoles.ts), which trust x-ms-client-principal only when the platform sets
// WEBSITE_AUTH_ENABLED.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: operatorSignIn
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // An entry ending in /* excludes everything below it; any other entry is one exact path.
      excludedPaths: [
        '/api/automation/*'
        // Microsoft Graph posts change notifications here; each must carry the clientState secret.
        '/api/graph/notifications'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: operatorSignIn
        registration: {
          clientId: operatorAppClientId
          clientSecretSettingName: 'OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID'
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: empty(operatorAppIdentifierUri) ? [
            operatorAppClientId
          ] : [
            operatorAppClientId
            operatorAppIdentifierUri
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
  }
}

output name string = site.name
output id string = site.id
output hostName string = site.properties.defaultHostName
output uri string = 'https://${site.properties.defaultHostName}'
