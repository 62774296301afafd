// The user-assigned managed identity the function app runs as: storage, Key Vault references, App Insights
// ingestion and (after graph-permissions.bicep) Microsoft Graph all authenticate with it.
param name string
param location string
param tags object

resource uami 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output name string = uami.name
output id string = uami.id
output principalId string = uami.properties.principalId
output clientId string = uami.properties.clientId
