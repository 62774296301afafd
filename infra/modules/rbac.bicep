// Least-privilege role assignments for the app's user-assigned identity, each on the narrowest resource it needs:
//   Storage Blob Data Owner        - on each blob container: the deployment package, azure-webjobs-hosts (timer
//                                    schedule monitor, leases), azure-webjobs-secrets (host keys); not the account
//   Storage Queue Data Contributor - on each queue: triggers, the engine's own enqueues, poison queues
//   Storage Table Data Contributor - on the account: the state tables, and the tables the Functions host creates by
//                                    itself each month (AzureFunctionsDiagnosticEvents<yyyyMM>), whose names are not
//                                    known here; the engine's createTable also posts to the account's /Tables
//   Key Vault Secrets User         - on the one secret SLACK-TOKEN (resolve the SLACK_TOKEN Key Vault reference, and
//                                    read it at run time through SLACK_TOKEN_SECRET_URI), on
//                                    GRAPH-NOTIFICATION-CLIENT-STATE (GRAPH_NOTIFICATION_CLIENT_STATE), and with
//                                    Authorize on SLACK-CLIENT-SECRET (SLACK_CLIENT_SECRET)
//   Key Vault Secrets Officer      - with Authorize only, on the one secret SLACK-TOKEN: the app stores the token an
//                                    admin authorized there as a new version
//   Monitoring Metrics Publisher   - on Application Insights (telemetry with local auth disabled)
// Optionally the deploying principal gets Key Vault Secrets Officer on the vault, to store the Slack token.
// The secret-scoped assignment needs SLACK-TOKEN to exist: the first provision seeds a placeholder (keyvault.bicep).
param identityPrincipalId string
param storageAccountName string
@description('Blob containers the app uses (storage.bicep output blobContainerNames).')
param blobContainerNames array
@description('Queues the app uses, poison queues included.')
param queueNames array
param keyVaultName string
@description('The Slack token secret (keyvault.bicep output slackTokenSecretName).')
param slackTokenSecretName string
@description('Whether Authorize is set up (main.bicep: a Slack client id is given): the identity may then write SLACK-TOKEN and read SLACK-CLIENT-SECRET.')
param slackAuthorize bool = false
@description('The Slack app\'s Client Secret secret, which an admin stores before switching Authorize on.')
param slackClientSecretName string
@description('The change-notification clientState secret (keyvault.bicep creates it on every provision).')
param notificationClientStateSecretName string
param appInsightsName string
@description('Deploying user or principal; empty to skip its Key Vault role.')
param deployerPrincipalId string = ''
param deployerPrincipalType string = 'User'

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource slackTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: slackTokenSecretName
}

// Referenced only with Authorize (the role assignment below is conditional); it must exist by then.
resource slackClientSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: slackClientSecretName
}

resource notificationClientStateSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: notificationClientStateSecretName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource containerBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in blobContainerNames: {
    name: guid(containers[i].id, identityPrincipalId, roles.storageBlobDataOwner)
    scope: containers[i]
    properties: {
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    }
  }
]

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queueName, i) in queueNames: {
    name: guid(queues[i].id, identityPrincipalId, roles.storageQueueDataContributor)
    scope: queues[i]
    properties: {
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    }
  }
]

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityPrincipalId, roles.storageTableDataContributor)
  scope: storageAccount
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
  }
}

resource slackTokenSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(slackTokenSecret.id, identityPrincipalId, roles.keyVaultSecretsUser)
  scope: slackTokenSecret
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Authorize stores the token it obtained as a new version of SLACK-TOKEN: the least built-in role that sets a secret,
// on that one secret.
resource slackTokenSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (slackAuthorize) {
  name: guid(slackTokenSecret.id, identityPrincipalId, roles.keyVaultSecretsOfficer)
  scope: slackTokenSecret
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

resource slackClientSecretUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (slackAuthorize) {
  name: guid(slackClientSecret.id, identityPrincipalId, roles.keyVaultSecretsUser)
  scope: slackClientSecret
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource notificationClientStateSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(notificationClientStateSecret.id, identityPrincipalId, roles.keyVaultSecretsUser)
  scope: notificationClientStateSecret
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identityPrincipalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}
