import { randomUUID } from "node:crypto";
import type { Settings } from "../config/Settings";
import type { EngineContext } from "../engine/EngineContext";
import type { Logger } from "../engine/Logger";
import { consoleLogger } from "../engine/Logger";
import { createGraphSource } from "../graph/createGraphSource";
import type { UserMapping } from "../mapping";
import { userSelectFor } from "../engine/userSelectFor";
import { MappingProvider } from "./MappingProvider";
import { resolve } from "node:path";
import { StorageWorkQueue } from "../queue/StorageWorkQueue";
import { createSlackTarget } from "../slack/createSlackTarget";
import { createSlackTokenStore } from "../slack/tokens/createSlackTokenStore";
import { governorLimits, SLACK_MAX_PACING_WAIT_MS } from "../slack/slackRateLimits";
import { TableRateGovernor } from "../slack/TableRateGovernor";
import { ProcessRateGovernor } from "../slack/ProcessRateGovernor";
import { HttpSlackAuthTest } from "../slack/health/HttpSlackAuthTest";
import { SlackTokenHealth } from "../slack/health/SlackTokenHealth";
import { fetchHttpClient } from "../http/fetchHttpClient";
import { ActivityLog } from "../state/ActivityLog";
import { RemovalRepository } from "../state/RemovalRepository";
import { DriftScanRepository } from "../state/DriftScanRepository";
import { EscrowRepository } from "../state/EscrowRepository";
import { IdentityLinkRepository } from "../state/IdentityLinkRepository";
import { JobStateRepository } from "../state/JobStateRepository";
import { PendingWorkRepository } from "../state/PendingWorkRepository";
import { ScopeRepository } from "../state/ScopeRepository";
import { SlackIndexRepository } from "../state/SlackIndexRepository";
import { SlackSnapshotRepository } from "../state/SlackSnapshotRepository";
import { NotificationRepository } from "../state/NotificationRepository";
import { OAuthStateRepository } from "../state/OAuthStateRepository";
import { SourceUserRepository } from "../state/SourceUserRepository";
import type { TableProvider } from "../state/TableProvider";
import { ConnectorDataRepository } from "../state/ConnectorDataRepository";
import { UserNameIndexRepository } from "../state/UserNameIndexRepository";
import { GroupRepository } from "../state/GroupRepository";
import { ScopeTouchRepository } from "../state/ScopeTouchRepository";
import { UserGroupIndexRepository } from "../state/UserGroupIndexRepository";
import { GroupScopeMembersRepository } from "../state/GroupScopeMembersRepository";
import { MemberChangeRepository } from "../state/MemberChangeRepository";
import { tablePartitions } from "../state/TablePartitionRows";
import { UserScopeRepository } from "../state/UserScopeRepository";
import { ReportsRepository } from "../state/ReportsRepository";
import { TABLES } from "../state/tableNames";
import { createStorageClients } from "../storage/createStorageClients";
import { createTelemetry } from "../telemetry/createTelemetry";

/** Wires the engine's adapters from settings: the composition root shared by every function. */
export function createEngineContext(
  settings: Settings,
  log: Logger = consoleLogger,
  env: Record<string, string | undefined> = process.env,
): EngineContext {
  const storage = createStorageClients(settings.storage);
  const tables: TableProvider = { table: (name) => storage.ensureTable(name) };
  // One rate governor for every instance: its state is a dozen rows in Table Storage, which they all share.
  const limits = governorLimits(settings.slack.maxWritesPerMinute, settings.slack.maxReadsPerMinute);
  const governor = settings.slack.sharedRateGovernor
    ? new TableRateGovernor(() => tables.table(TABLES.rateGovernor), {
        partitionKey: settings.jobId,
        limits,
        maxWaitMs: SLACK_MAX_PACING_WAIT_MS,
        onPauseNotShared: (e) =>
          log.warn(
            `Slack asked to slow down, but the pause could not be shared with the other instances: ${e instanceof Error ? e.message : String(e)}`,
          ),
      })
    : new ProcessRateGovernor(limits, SLACK_MAX_PACING_WAIT_MS);
  const clock = () => new Date();
  // The token every Slack call sends: SLACK_TOKEN until Authorize stores one (Key Vault in Azure, a table locally).
  const slackTokens = createSlackTokenStore(settings, { tables, log, clock });
  const slack = createSlackTarget(settings.slack, { token: slackTokens, governor });
  // The token check: auth.test through the same governor, and the owner's SCIM record through the Slack target.
  const slackHealth = new SlackTokenHealth({
    authTest: new HttpSlackAuthTest({
      apiBaseUrl: settings.slack.apiBaseUrl,
      tokens: slackTokens,
      governor,
      http: fetchHttpClient,
    }),
    slack,
    tokens: slackTokens,
    cacheMs: settings.slack.tokenCheckCacheSeconds * 1000,
    now: clock,
    log,
  });
  const mappings = new MappingProvider(settings.mappingFile ? resolve(settings.mappingFile) : undefined);
  let selectFor: { mapping: UserMapping; select: readonly string[] } | undefined;
  const graph = createGraphSource(settings);
  return {
    jobId: settings.jobId,
    graph,
    graphSubscriptions: graph,
    notifications: new NotificationRepository(tables),
    notificationSettings: settings.notifications,
    servicePrincipalId: settings.graph.servicePrincipalId,
    slack,
    slackGroups: slack,
    slackTokens,
    slackHealth,
    oauthStates: new OAuthStateRepository(tables),
    jobs: new JobStateRepository(tables),
    sources: new SourceUserRepository(tables),
    scope: new ScopeRepository(tables),
    links: new IdentityLinkRepository(tables),
    slackIndex: new SlackIndexRepository(tables),
    slackSnapshot: new SlackSnapshotRepository(tables),
    userNames: new UserNameIndexRepository(tables),
    groups: new GroupRepository(tables),
    userScope: new UserScopeRepository(tables),
    groupMembers: new GroupScopeMembersRepository(tables),
    memberChanges: new MemberChangeRepository(tablePartitions(tables, TABLES.groupMemberChanges)),
    scopeTouches: new ScopeTouchRepository(tables),
    userGroups: new UserGroupIndexRepository(tables),
    groupLinks: new IdentityLinkRepository(tables, TABLES.groupLinks),
    reports: new ReportsRepository(tables),
    groupProvisioning: settings.groupProvisioning,
    groupDeleteOnUnassign: settings.groupDeleteOnUnassign,
    activity: new ActivityLog(tables),
    pending: new PendingWorkRepository(tables),
    escrows: new EscrowRepository(tables),
    connectorData: new ConnectorDataRepository(tables),
    queue: new StorageWorkQueue(storage),
    mappingProblem: () => mappings.problem(),
    removalGuard: settings.removalGuard,
    removals: new RemovalRepository(tables),
    driftScans: new DriftScanRepository(tables),
    drift: settings.drift,
    policies: settings.policies,
    userLeaseMs: settings.userLeaseSeconds * 1000,
    backlogWindow: settings.backlogWindow,
    dryRunBudgetMs: settings.dryRunBudgetMs,
    retryBudget: { attempts: settings.retryBudget.attempts, ms: settings.retryBudget.minutes * 60_000 },
    activityRetentionDays: settings.activityRetentionDays,
    // A no-op unless APPLICATIONINSIGHTS_CONNECTION_STRING is set: the SDK is not even loaded otherwise.
    telemetry: createTelemetry(env, log),
    clock,
    newId: () => randomUUID(),
    log,
    // The mapping in force may change between cycles (the mapping file is reloaded when it changes).
    get groupMapping() {
      return mappings.current().groups;
    },
    get mapping() {
      return mappings.current().users;
    },
    get userSelect() {
      const mapping = mappings.current().users;
      if (selectFor?.mapping !== mapping) selectFor = { mapping, select: userSelectFor(mapping, settings.policies) };
      return selectFor.select;
    },
  };
}
