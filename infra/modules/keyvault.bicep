// Key Vault with RBAC authorization (no access policies). Holds the Slack admin token as SLACK-TOKEN; the function
// app reads it through a Key Vault reference resolved with its user-assigned identity (Key Vault Secrets User on that
// one secret, rbac.bicep).
param name string
param location string
param tags object
@description('Create SLACK-TOKEN with a placeholder value. The azd preprovision hook (dev/azd/preprovision.ts) turns this on only when the vault or the secret does not exist yet, so a stored token is never overwritten.')
param seedSlackTokenPlaceholder bool = false
@description('Enable purge protection (cannot be turned off again). On by default: a deleted vault and its token stay recoverable for the retention period.')
param purgeProtection bool = true
@description('Name of the Slack token secret (main.bicep passes it here and to rbac.bicep; functionapp.bicep\'s SLACK_TOKEN reference names it too).')
param slackTokenSecretName string
@description('Name of the secret holding the clientState Graph echoes in change notifications (GRAPH_NOTIFICATION_CLIENT_STATE).')
param notificationClientStateSecretName string
@secure()
@description('The clientState value; main.bicep makes a new one on every provision (the app then replaces its subscriptions).')
param notificationClientState string
@description('Days a deleted vault or secret stays recoverable (7 to 90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection can only be enabled, never set to false; null leaves it off.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

// A placeholder, not a secret: the admin replaces it with `az keyvault secret set` (docs/deploy-to-azure.md).
// Until then Slack answers 401 and the credential-error alert fires, which is the intended signal. The first
// provision must create it: the app identity's Key Vault Secrets User role is scoped to this secret (rbac.bicep).
resource slackTokenPlaceholder 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (seedSlackTokenPlaceholder) {
  parent: vault
  name: slackTokenSecretName
  properties: {
    value: 'replace-me-with-the-slack-admin-token'
    contentType: 'Slack org-level admin token (xoxp-...)'
  }
}

// The secret Graph echoes in every change notification, so the webhook can tell Graph's notifications from forged ones.
// Written on every provision (a rotation): the app sees the new value's hash and replaces its subscriptions.
resource notificationClientStateSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: notificationClientStateSecretName
  properties: {
    value: notificationClientState
    contentType: 'Graph change-notification clientState (generated)'
  }
}

output name string = vault.name
output id string = vault.id
output vaultUri string = vault.properties.vaultUri
