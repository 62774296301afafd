// The function app on a Flex Consumption (FC1) plan, Node 22, running as the user-assigned identity.
// Storage is identity-based (AzureWebJobsStorage__*), the Slack token is a Key Vault reference, and telemetry goes to
// Application Insights with Entra authentication. Flex-deprecated settings (FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*, WEBSITE_TIME_ZONE) are deliberately absent.
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
param deactivationThreshold int
param deactivationThresholdPercent int
param groupDeleteThreshold int
param activityRetentionDays int

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
    // Key Vault references are resolved with the user-assigned identity (it holds Key Vault Secrets User).
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
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
          name: 'ACTIVITY_RETENTION_DAYS'
          value: string(activityRetentionDays)
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
      ]
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

output name string = site.name
output id string = site.id
output uri string = 'https://${site.properties.defaultHostName}'
