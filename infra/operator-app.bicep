// Operator sign-in: the Entra ID app registration that App Service Authentication signs operators in with, its two
// app roles, and who holds them. Run it after the first `azd up`, separately from it, as an Entra admin who can create
// app registrations and assign app roles (Cloud Application Administrator or Application Administrator, or Graph
// permissions Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All):
//
//   az deployment group create --resource-group <AZURE_RESOURCE_GROUP> --template-file infra/operator-app.bicep \
//     --parameters functionAppHostName=<AZURE_FUNCTION_APP_HOST_NAME> identityPrincipalId=<AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID>
//
// (values from `azd env get-values`; docs/deploy-to-azure.md has the full command), then
// `azd env set OPERATOR_APP_CLIENT_ID <output clientId>`, `azd env set OPERATOR_APP_IDENTIFIER_URI <output identifierUri>`
// and `azd provision`, which switches App Service Authentication on (infra/modules/functionapp.bicep).
//
// No client secret exists: App Service Authentication proves the registration's identity with a federated identity
// credential that trusts the function app's user-assigned managed identity.
// Needs Bicep 0.36.1 or later and the Microsoft Graph extension declared in bicepconfig.json. The app registration is
// a tenant object; the resource group only hosts the deployment record (and seeds the default unique name).
extension microsoftGraphV1

@description('Host name of the function app (output AZURE_FUNCTION_APP_HOST_NAME of main.bicep), e.g. func-abc123.azurewebsites.net.')
param functionAppHostName string

@description('Object id of the function app\'s user-assigned managed identity\'s service principal (output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID of main.bicep): the subject of the federated credential.')
param identityPrincipalId string

@description('Object ids of the users or groups (or service principals) to give Provisioning.Reader: status, activity, previews, the dry run, the dashboard and the held removals.')
param readerPrincipalIds array = []

@description('Object ids of the users or groups (or service principals) to give Provisioning.Operator: everything Reader can, and starting or restarting cycles, pausing and resuming the job, approving and rejecting held removals.')
param operatorPrincipalIds array = []

@description('Unique name of the app registration: the key the Graph extension finds it by on the next run. The default is stable for this resource group.')
param uniqueName string = 'slack-provisioning-operators-${uniqueString(resourceGroup().id)}'

@description('Display name of the app registration and enterprise application.')
param displayName string = 'Slack provisioning operators (${resourceGroup().name})'

// api://<appId> cannot be set in the same pass that creates the app (the appId is not known before), so the
// Application ID URI is api://<tenant id>/<unique name>: a format Entra ID accepts under its default identifier URI
// restrictions, unlike a bare api://<name>.
var identifierUri = 'api://${tenant().tenantId}/${uniqueName}'

// The app roles, with fixed ids: an app role's id must not change once assigned. Their values are the role names the
// handlers check (OPERATOR_ROLES in shared/hosting/operatorRoles.ts); Operator includes everything Reader allows.
// User and Application: people (directly or through a group) and automation service principals can hold them.
var readerRoleId = 'e7b56289-571f-453a-b562-d5102cee79a1'
var operatorRoleId = '5afc5679-ff13-4205-9172-d1e07f939e60'
var appRoles = [
  {
    id: readerRoleId
    value: 'Provisioning.Reader'
    displayName: 'Provisioning reader'
    description: 'Read the provisioning job: status, activity, user previews, the dry run, the dashboard and the held removals.'
    allowedMemberTypes: [
      'User'
      'Application'
    ]
    isEnabled: true
  }
  {
    id: operatorRoleId
    value: 'Provisioning.Operator'
    displayName: 'Provisioning operator'
    description: 'Everything a reader can, and start or fully restart a cycle, pause or resume the job, approve or reject held removals.'
    allowedMemberTypes: [
      'User'
      'Application'
    ]
    isEnabled: true
  }
]

// Microsoft Graph's well-known application id.
var graphAppId = '00000003-0000-0000-c000-000000000000'

resource operatorApp 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  identifierUris: [
    identifierUri
  ]
  api: {
    // v2.0 access tokens: their issuer is the .../v2.0 one App Service Authentication validates, their audience the
    // client id.
    requestedAccessTokenVersion: 2
  }
  appRoles: appRoles
  web: {
    // App Service Authentication's callback on the function app.
    redirectUris: [
      'https://${functionAppHostName}/.auth/login/aad/callback'
    ]
    implicitGrantSettings: {
      // The sign-in flow App Service Authentication runs asks for an ID token together with the code.
      enableIdTokenIssuance: true
      enableAccessTokenIssuance: false
    }
  }
  // The OpenID Connect scopes sign-in asks for (delegated Microsoft Graph permissions), so that an admin can consent
  // for everyone in one step if the tenant does not let users consent.
  requiredResourceAccess: [
    {
      resourceAppId: graphAppId
      resourceAccess: [
        {
          id: '37f7f235-527c-4136-accd-4a02d197296e' // openid
          type: 'Scope'
        }
        {
          id: '14dad69e-099b-42c9-810b-d002981feec1' // profile
          type: 'Scope'
        }
        {
          id: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0' // email
          type: 'Scope'
        }
      ]
    }
  ]
}

// The credential instead of a client secret: tokens of the function app's user-assigned identity, exchanged for the
// app registration's own (App Service Authentication does this when OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID is set).
resource trustsFunctionIdentity 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {
  name: '${operatorApp.uniqueName}/function-app-identity'
  description: 'The Slack provisioning function app\'s user-assigned managed identity, used by App Service Authentication instead of a client secret.'
  issuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
  subject: identityPrincipalId
  audiences: [
    'api://AzureADTokenExchange'
  ]
}

// The enterprise application. Only principals holding one of the app roles can sign in or get a token for it.
resource operatorServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: operatorApp.appId
  appRoleAssignmentRequired: true
  // Listed under Enterprise applications in the Entra admin center.
  tags: [
    'WindowsAzureActiveDirectoryIntegratedApp'
  ]
}

resource readerAssignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [
  for principalId in readerPrincipalIds: {
    appRoleId: readerRoleId
    principalId: principalId
    resourceId: operatorServicePrincipal.id
  }
]

resource operatorAssignments 'Microsoft.Graph/appRoleAssignedTo@v1.0' = [
  for principalId in operatorPrincipalIds: {
    appRoleId: operatorRoleId
    principalId: principalId
    resourceId: operatorServicePrincipal.id
  }
]

// For `azd env set OPERATOR_APP_CLIENT_ID` / `OPERATOR_APP_IDENTIFIER_URI`. Ids only: nothing secret.
output clientId string = operatorApp.appId
output identifierUri string = identifierUri
output servicePrincipalId string = operatorServicePrincipal.id
