// Entra ID → Slack provisioning: everything `azd up` deploys.
// Subscription scope: creates the resource group, then the app and its dependencies through modules.
// Graph application permissions for the managed identity are NOT granted here: an Entra admin runs
// graph-permissions.bicep separately, and operator-app.bicep for operator sign-in (see docs/deploy-to-azure.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name resources and tag them (azd-env-name).')
param environmentName string

@minLength(1)
@description('Azure region for every resource (must offer the Flex Consumption plan).')
param location string

@description('Object id of the user or service principal running the deployment; gets Key Vault Secrets Officer on the vault so it can store the Slack token. Leave empty to skip.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal in principalId.')
param principalType string = 'User'

@description('Where alert emails go (the provisioning owner or a team mailbox).')
param notificationEmail string

@description('Object id of the Slack enterprise application\'s service principal in Entra ID; its assignments define who is provisioned (ENTRA_SERVICE_PRINCIPAL_ID).')
param entraServicePrincipalId string

@description('Slack SCIM v2 base URL (SLACK_SCIM_BASE_URL).')
param slackScimBaseUrl string = 'https://api.slack.com/scim/v2'

@description('Client ID of the Slack app that connects Slack with Authorize, /api/slack/authorize (SLACK_CLIENT_ID). Empty: Authorize is off. Store the app\'s Client Secret first, as the Key Vault secret SLACK-CLIENT-SECRET (docs/deploy-to-azure.md, step 5).')
param slackClientId string = ''

@description('NCRONTAB schedule of the sync timer, six fields with seconds first, evaluated in UTC (SYNC_SCHEDULE).')
param syncSchedule string = '0 */5 * * * *'

@description('Names this provisioning job in Table Storage (SYNC_JOB_ID).')
param syncJobId string = 'slack'

@description('Deletion guard: most Slack users one cycle may deactivate before it holds them all for an operator; 0 = hold any (DEACTIVATION_THRESHOLD).')
param deactivationThreshold int = 20

@description('Deletion guard: the relative limit, in percent of the managed users; the smaller limit applies (DEACTIVATION_THRESHOLD_PERCENT).')
@minValue(0)
@maxValue(100)
param deactivationThresholdPercent int = 10

@description('Deletion guard: most Slack groups one cycle may delete before it holds them all (GROUP_DELETE_THRESHOLD).')
param groupDeleteThreshold int = 2

@description('Days to keep activity records (ACTIVITY_RETENTION_DAYS).')
param activityRetentionDays int = 30

@description('Hours between drift scans of the Slack users the job manages; 0 = only on demand (DRIFT_SCAN_INTERVAL_HOURS).')
@minValue(0)
@maxValue(8760)
param driftScanIntervalHours int = 24

@description('What a drift scan does with a hand edit in Slack: repair (set it back to the Entra value) or report (DRIFT_MODE).')
@allowed([
  'repair'
  'report'
])
param driftMode string = 'repair'

@description('What happens to a provisioned Slack user whose Entra user leaves scope: deactivate, or leave it as it is (OUT_OF_SCOPE_ACTION; Entra\'s SkipOutOfScopeDeletions).')
@allowed([
  'deactivate'
  'leave'
])
param outOfScopeAction string = 'deactivate'

@description('What happens to a provisioned Slack user whose Entra sign-in is blocked: deactivate, or leave it as it is (DISABLED_USER_ACTION).')
@allowed([
  'deactivate'
  'leave'
])
param disabledUserAction string = 'deactivate'

@description('Entra guests (userType Guest or #EXT#): member, skip, or guest (Slack multi-channel guests, Enterprise Grid only) (GUEST_POLICY).')
@allowed([
  'member'
  'skip'
  'guest'
])
param guestPolicy string = 'member'

@description('With GUEST_POLICY=guest: the Entra user attribute holding the guest\'s expiration (an ISO 8601 date); empty: none (GUEST_EXPIRATION_ATTRIBUTE).')
param guestExpirationAttribute string = ''

@description('Create the SLACK-TOKEN secret with a placeholder value. Set by the azd preprovision hook (dev/azd/preprovision.ts): true only when the vault or the secret does not exist yet, never over a stored token.')
param seedSlackTokenPlaceholder bool = false

@description('Key Vault purge protection, on by default (a deleted vault stays recoverable for 90 days and its name reserved; turn it off only for throwaway test environments).')
param keyVaultPurgeProtection bool = true

@description('Client id (appId) of the operator sign-in app registration (operator-app.bicep output clientId, OPERATOR_APP_CLIENT_ID). Empty: App Service Authentication stays off and only the automation routes (function keys) work.')
param operatorAppClientId string = ''

@description('Application ID URI of that app registration (operator-app.bicep output identifierUri, OPERATOR_APP_IDENTIFIER_URI); an accepted token audience besides the client id.')
param operatorAppIdentifierUri string = ''

@allowed([
  30
  60
  120
  180
  360
  720
  1440
])
@description('Alert when no cycle has committed for this many minutes.')
param stalledCycleMinutes int = 60

@description('Alert when at least this many provisioning changes failed in 15 minutes.')
param failureAlertThreshold int = 1

@minValue(1)
@maxValue(1000)
@description('Flex Consumption scale-out ceiling per function; keep it low so Slack\'s org-wide rate limits are not the bottleneck.')
param maximumInstanceCount int = 10

@allowed([
  512
  2048
  4096
])
@description('Memory per Flex Consumption instance.')
param instanceMemoryMB int = 2048

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Mirrors QUEUE_CATALOG in shared/queue/queueCatalog.ts (a test checks it); poison queues are `<name>-poison`.
var storageQueueNames = [
  'delta-pages'
  'delta-pages-poison'
  'provision-users'
  'provision-users-poison'
  'provision-followups'
  'provision-followups-poison'
  'provision-groups'
  'provision-groups-poison'
  'drift-scan'
  'drift-scan-poison'
]

// Mirrors TABLES in shared/state/tableNames.ts.
var storageTableNames = [
  'JobState'
  'SourceUsers'
  'Scope'
  'IdentityLinks'
  'SlackIndex'
  'UserNameIndex'
  'Activity'
  'ActivityByObject'
  'CycleTally'
  'PendingWork'
  'Groups'
  'UserScope'
  'GroupScopeMembers'
  'GroupMemberChanges'
  'GroupLinks'
  'Reports'
  'Escrows'
  'HeldRemovals'
  'RateGovernor'
  'SlackSnapshot'
  'Notifications'
  'ScopeTouches'
  'UserGroups'
  'SlackOAuthStates'
  'SlackTokens'
  'Attention'
  'PeopleIndex'
  'CycleHistory'
]

// The Slack token's secret; functionapp.bicep's SLACK_TOKEN Key Vault reference names it too.
var slackTokenSecretName = 'SLACK-TOKEN'
// The Slack app's Client Secret, stored by an admin before Authorize is switched on (slackClientId); functionapp.bicep's
// SLACK_CLIENT_SECRET Key Vault reference names it too.
var slackClientSecretName = 'SLACK-CLIENT-SECRET'

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity './modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage './modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    queueNames: storageQueueNames
    tableNames: storageTableNames
  }
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    appInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

@secure()
@description('The clientState Graph echoes in change notifications; a new one on every provision (a rotation: the app replaces its subscriptions at its next start). Leave the default.')
param notificationClientState string = newGuid()

var notificationClientStateSecretName = 'GRAPH-NOTIFICATION-CLIENT-STATE'

module keyVault './modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    seedSlackTokenPlaceholder: seedSlackTokenPlaceholder
    purgeProtection: keyVaultPurgeProtection
    slackTokenSecretName: slackTokenSecretName
    notificationClientStateSecretName: notificationClientStateSecretName
    notificationClientState: notificationClientState
  }
}

module rbac './modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    blobContainerNames: storage.outputs.blobContainerNames
    queueNames: storageQueueNames
    keyVaultName: keyVault.outputs.name
    slackTokenSecretName: slackTokenSecretName
    slackAuthorize: !empty(slackClientId)
    slackClientSecretName: slackClientSecretName
    notificationClientStateSecretName: notificationClientStateSecretName
    appInsightsName: monitoring.outputs.appInsightsName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module functionApp './modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: keyVault.outputs.name
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    syncJobId: syncJobId
    syncSchedule: syncSchedule
    entraServicePrincipalId: entraServicePrincipalId
    slackScimBaseUrl: slackScimBaseUrl
    slackClientId: slackClientId
    deactivationThreshold: deactivationThreshold
    deactivationThresholdPercent: deactivationThresholdPercent
    groupDeleteThreshold: groupDeleteThreshold
    activityRetentionDays: activityRetentionDays
    driftScanIntervalHours: driftScanIntervalHours
    driftMode: driftMode
    outOfScopeAction: outOfScopeAction
    disabledUserAction: disabledUserAction
    guestPolicy: guestPolicy
    guestExpirationAttribute: guestExpirationAttribute
    operatorAppClientId: operatorAppClientId
    operatorAppIdentifierUri: operatorAppIdentifierUri
  }
  // The app must not start before its identity can read storage, the vault and publish telemetry.
  dependsOn: [
    rbac
  ]
}

module alerts './modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    alertNamePrefix: '${abbrs.insightsScheduledQueryRules}${resourceToken}'
    location: location
    tags: tags
    appInsightsName: monitoring.outputs.appInsightsName
    notificationEmail: notificationEmail
    stalledCycleMinutes: stalledCycleMinutes
    failureAlertThreshold: failureAlertThreshold
  }
}

module workbook './modules/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    appInsightsName: monitoring.outputs.appInsightsName
    displayName: 'Slack provisioning (${environmentName})'
  }
}

// azd writes these into .azure/<env>/.env. Names and ids only: nothing secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
// The host name operator-app.bicep builds the sign-in redirect URI from.
output AZURE_FUNCTION_APP_HOST_NAME string = functionApp.outputs.hostName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_APP_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
output AZURE_WORKBOOK_ID string = workbook.outputs.id
// The managed identity's service principal object id: the principalId that graph-permissions.bicep grants Graph roles
// to, and the subject operator-app.bicep's federated credential trusts.
output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_FUNCTION_IDENTITY_CLIENT_ID string = identity.outputs.clientId
