// An Azure Monitor workbook over Application Insights: creates, updates, deactivations and failures over time, top
// errors, cycle durations and backlog, built from the ProvisioningChange event and the engine's custom metrics
// (shared/telemetry/telemetryNames.ts). The gallery JSON lives in ../workbooks/provisioning.workbook.json.
param location string
param tags object
param appInsightsName string
param displayName string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  // A workbook's name must be a GUID; derive it so redeployments update the same workbook.
  name: guid(resourceGroup().id, appInsights.id, 'slack-provisioning-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: replace(loadTextContent('../workbooks/provisioning.workbook.json'), '__APP_INSIGHTS_ID__', appInsights.id)
  }
}

output id string = workbook.id
