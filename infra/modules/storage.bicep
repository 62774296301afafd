// The storage account: host storage (timer leases, host keys, deployment package), the work queues and the state
// tables. Shared-key access is disabled: everything authenticates with Entra ID (the app's managed identity).
// Every blob container the app uses is created here, so that rbac.bicep can grant the blob role on each container
// rather than on the whole account.
param name string
param location string
param tags object
param deploymentContainerName string
@description('Queues to create, poison queues included.')
param queueNames array
@description('Tables to create.')
param tableNames array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// The blob containers: the Flex Consumption deployment package (functionAppConfig.deployment.storage), and the
// Functions host's own two: azure-webjobs-hosts (timer schedule monitor, singleton leases) and azure-webjobs-secrets
// (host and function keys). The host would otherwise create its two on first start, which needs a role on the account.
var blobContainerNames = [
  deploymentContainerName
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
// The containers, for rbac.bicep (a module reading an output runs after this one, so they exist by then).
output blobContainerNames array = blobContainerNames
