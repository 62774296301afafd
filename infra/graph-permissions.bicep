// Grants the function app's managed identity the Microsoft Graph application permissions it needs.
// Run this separately from `azd up`, as an Entra admin who can grant application permissions
// (Privileged Role Administrator, or Cloud Application Administrator together with AppRoleAssignment.ReadWrite.All):
//
//   az deployment group create --resource-group <rg> --template-file infra/graph-permissions.bicep \
//     --parameters identityPrincipalId=<AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID from `azd env get-values`>
//
// Needs Bicep 0.36.1 or later and the Microsoft Graph extension declared in bicepconfig.json.
// The grants are tenant-wide directory permissions; the resource group only hosts the deployment record.
extension microsoftGraphV1

@description('Object id of the user-assigned managed identity\'s service principal (output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID of main.bicep).')
param identityPrincipalId string

// The application permissions, read-only, each with the reason the app needs it:
var graphAppRoles = [
  // User.Read.All: read users and their changes through /users/delta (names, emails, accountEnabled, manager…)
  // to build the Slack profiles and to see disabled or deleted users.
  'User.Read.All'
  // GroupMember.Read.All: read the members of groups assigned to the Slack enterprise application, including nested
  // groups, to know which users are in scope.
  'GroupMember.Read.All'
  // Application.Read.All: read the Slack enterprise application's service principal and its appRoleAssignedTo list,
  // which defines who is assigned (the provisioning scope).
  'Application.Read.All'
  // Group.Read.All: subscribe to change notifications for groups (POST /subscriptions with resource "groups"), so a
  // membership change reaches Slack in seconds rather than at the next scheduled cycle. Users need User.Read.All.
  'Group.Read.All'
]

// Microsoft Graph's own service principal in this tenant (the well-known Graph application id).
resource graphServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: '00000003-0000-0000-c000-000000000000'
}

resource grants 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [
  for role in graphAppRoles: {
    principalId: identityPrincipalId
    resourceId: graphServicePrincipal.id
    appRoleId: filter(graphServicePrincipal.appRoles, appRole => appRole.value == role)[0].id
  }
]

output grantedRoles array = graphAppRoles
