// An action group that emails the provisioning owner, and log alert rules over Application Insights for:
// failed provisioning changes, a stalled job (no committed cycle), a quarantined job (poison messages, job failures),
// removals held by the deletion guard and credential errors. The queries live in ../queries/*.kql so they can be read, run by hand and tested.
param actionGroupName string
param alertNamePrefix string
param location string
param tags object
param appInsightsName string
param notificationEmail string
@description('Minutes without a committed cycle before the stalled alert fires.')
param stalledCycleMinutes int
@description('Failed changes within 15 minutes that trigger the failure alert.')
param failureAlertThreshold int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'slackprov'
    enabled: true
    emailReceivers: [
      {
        name: 'provisioning-owner'
        emailAddress: notificationEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var rules = [
  {
    suffix: 'provisioning-failures'
    displayName: 'Slack provisioning: changes failed'
    description: 'Provisioning changes failed (ProvisioningChange events with status Failure, credential errors excluded). See the failures query and /api/activity?status=Failure.'
    severity: 2
    query: loadTextContent('../queries/alert-provisioning-failures.kql')
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    operator: 'GreaterThanOrEqual'
    threshold: failureAlertThreshold
  }
  {
    suffix: 'job-stalled'
    displayName: 'Slack provisioning: no committed cycle'
    description: 'No provisioning cycle committed within ${stalledCycleMinutes} minutes. Check /api/status and the syncCycle and deltaPage function logs.'
    severity: 1
    query: loadTextContent('../queries/alert-job-stalled.kql')
    evaluationFrequency: 'PT15M'
    windowSize: 'PT${stalledCycleMinutes}M'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    suffix: 'job-quarantined'
    displayName: 'Slack provisioning: poison messages or job failure'
    description: 'Work moved to a poison queue (delta-pages-poison, provision-users-poison, provision-followups-poison, provision-groups-poison or drift-scan-poison) or a cycle failed. The activity log records each one.'
    severity: 1
    query: loadTextContent('../queries/alert-job-quarantined.kql')
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    suffix: 'removals-held'
    displayName: 'Slack provisioning: removals held for an operator'
    description: 'The deletion guard held deactivations or Slack group deletions above the thresholds. Nothing was removed. Review them in the dashboard or GET /api/held, then POST /api/held/approve or /api/held/reject.'
    severity: 1
    query: loadTextContent('../queries/alert-removals-held.kql')
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    operator: 'GreaterThan'
    threshold: 0
  }
  {
    suffix: 'credential-errors'
    displayName: 'Slack provisioning: credential errors'
    description: 'Microsoft Graph or Slack rejected the credentials (GraphCredentialError / SlackCredentialError), or the token check found the Slack token revoked or its owner no longer an Org Admin or Owner (SlackTokenRevoked / SlackTokenOwnerNotAdmin). Check the SLACK-TOKEN secret (or connect Slack again with Authorize) and the Graph permissions.'
    severity: 1
    query: loadTextContent('../queries/alert-credential-errors.kql')
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    operator: 'GreaterThan'
    threshold: 0
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: '${alertNamePrefix}-${rule.suffix}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      // customEvents/customMetrics only exist after the app first sends them.
      skipQueryValidation: true
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output actionGroupId string = actionGroup.id
