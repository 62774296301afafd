import type { EngineContext } from "../../../shared/engine/EngineContext";
import type { UserPolicies } from "../../../shared/policies/UserPolicies";
import { DEFAULT_USER_POLICIES } from "../../../shared/policies/UserPolicies";
import { userSelectFor } from "../../../shared/engine/userSelectFor";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { GroupMapping, UserMapping } from "../../../shared/mapping";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping";
import type { Telemetry } from "../../../shared/telemetry/Telemetry";
import { noopTelemetry } from "../../../shared/telemetry/Telemetry";
import { InMemoryActivityStore } from "./InMemoryActivityStore";
import { InMemoryAssignmentStore } from "./InMemoryAssignmentStore";
import { InMemoryConnectorData } from "./InMemoryConnectorData";
import { InMemoryEscrowStore } from "./InMemoryEscrowStore";
import { InMemoryRemovalStore } from "./InMemoryRemovalStore";
import { InMemoryDriftScanStore } from "./InMemoryDriftScanStore";
import type { DriftSettings } from "../../../shared/config/Settings";
import type { RemovalLimits } from "../../../shared/engine/removalLimits";
import { InMemoryGraph } from "./InMemoryGraph";
import { InMemoryGroupMembersStore } from "./InMemoryGroupMembersStore";
import { InMemoryScopeTouchStore } from "./InMemoryScopeTouchStore";
import { InMemoryUserGroupIndexStore } from "./InMemoryUserGroupIndexStore";
import { InMemoryGroupStore } from "./InMemoryGroupStore";
import { InMemoryIdentityLinkStore } from "./InMemoryIdentityLinkStore";
import { InMemoryJobStateStore } from "./InMemoryJobStateStore";
import { InMemoryLogger } from "./InMemoryLogger";
import { InMemoryMemberChangeStore } from "./InMemoryMemberChangeStore";
import { InMemoryPendingWorkStore } from "./InMemoryPendingWorkStore";
import { InMemoryReportsStore } from "./InMemoryReportsStore";
import { InMemorySlack } from "./InMemorySlack";
import { InMemorySlackIndexStore } from "./InMemorySlackIndexStore";
import { InMemorySlackSnapshotStore } from "./InMemorySlackSnapshotStore";
import { InMemorySlackTokenStore } from "./InMemorySlackTokenStore";
import { InMemorySlackAuthTest } from "./InMemorySlackAuthTest";
import { SlackTokenHealth } from "../../../shared/slack/health/SlackTokenHealth";
import { InMemoryOAuthStateStore } from "./InMemoryOAuthStateStore";
import { InMemoryNotificationStore } from "./InMemoryNotificationStore";
import { InMemoryGraphSubscriptions } from "./InMemoryGraphSubscriptions";
import { InMemorySourceUserStore } from "./InMemorySourceUserStore";
import { InMemoryUserNameIndexStore } from "./InMemoryUserNameIndexStore";
import { InMemoryUserScopeStore } from "./InMemoryUserScopeStore";
import { InMemoryWorkQueue } from "./InMemoryWorkQueue";
import { ManualClock } from "./ManualClock";

export interface InMemoryEngineOptions {
  jobId?: string;
  /** Graph change notifications (default off). */
  notificationSettings?: { url: string; clientState: string };
  /** Where the clock starts (default 2025-01-15T10:00:00Z). */
  start?: Date | string;
  /** Users the in-memory Graph answers for direct reads. */
  graphUsers?: readonly GraphUser[];
  mapping?: UserMapping;
  /** The groups section of the mapping (default: none, i.e. DEFAULT_GROUP_MAPPING). */
  groupMapping?: GroupMapping;
  groupProvisioning?: boolean;
  groupDeleteOnUnassign?: boolean;
  /** The deletion guard's limits (default: 20 users, 100 % so that small test tenants are guarded by the 20 only, 2 groups). */
  removalGuard?: Partial<RemovalLimits>;
  userLeaseMs?: number;
  /** BACKLOG_WINDOW (default 500). */
  backlogWindow?: number;
  /** DRY_RUN_BUDGET_MS (default 10 000). */
  dryRunBudgetMs?: number;
  telemetry?: Telemetry;
  /** Drift scans (default: every 24 hours, repair). */
  drift?: Partial<DriftSettings>;
  /** OUT_OF_SCOPE_ACTION, DISABLED_USER_ACTION, GUEST_POLICY, GUEST_EXPIRATION_ATTRIBUTE (default: as before them). */
  policies?: Partial<UserPolicies>;
  /** Slack is an Enterprise Grid org (W… ids, multi-channel guests allowed); default false. */
  grid?: boolean;
}

/** The stores of an in-memory engine, by their concrete types (to inspect and to seed). */
export interface InMemoryStores {
  jobs: InMemoryJobStateStore;
  sources: InMemorySourceUserStore;
  scope: InMemoryAssignmentStore;
  links: InMemoryIdentityLinkStore;
  slackIndex: InMemorySlackIndexStore;
  slackSnapshot: InMemorySlackSnapshotStore;
  notifications: InMemoryNotificationStore;
  userNames: InMemoryUserNameIndexStore;
  groups: InMemoryGroupStore;
  userScope: InMemoryUserScopeStore;
  groupMembers: InMemoryGroupMembersStore;
  memberChanges: InMemoryMemberChangeStore;
  scopeTouches: InMemoryScopeTouchStore;
  userGroups: InMemoryUserGroupIndexStore;
  groupLinks: InMemoryIdentityLinkStore;
  reports: InMemoryReportsStore;
  activity: InMemoryActivityStore;
  pending: InMemoryPendingWorkStore;
  escrows: InMemoryEscrowStore;
  removals: InMemoryRemovalStore;
  driftScans: InMemoryDriftScanStore;
}

/** A whole engine in memory: the context the use cases take, and its parts by their concrete types. */
export interface InMemoryEngine {
  ctx: EngineContext;
  clock: ManualClock;
  graph: InMemoryGraph;
  slack: InMemorySlack;
  /** The Slack emulator's auth.test as the token check calls it (count the calls, or script its answer). */
  authTest: InMemorySlackAuthTest;
  queue: InMemoryWorkQueue;
  log: InMemoryLogger;
  stores: InMemoryStores;
  /** Every store's rows as JSON, by store: compare two dumps to prove a use case wrote nothing. */
  dumpStores(): Record<string, string>;
}

/**
 * Builds a complete EngineContext on the in-memory adapters (the composition root of the unit tests, as
 * createEngineContext is of the app): a clock that moves only when told, sequential ids (id-1, id-2, …), a logger that
 * keeps its lines, no-op telemetry unless given one, the default mapping, group provisioning on (and deleting Slack
 * groups on unassignment), a deletion guard of 20 users (no relative limit) and 2 groups, a 5-minute user lease and 30 days of activity.
 */
export function createInMemoryEngine(options: InMemoryEngineOptions = {}): InMemoryEngine {
  const clock = new ManualClock(options.start);
  const graph = new InMemoryGraph(options.graphUsers);
  const slack = new InMemorySlack({ grid: options.grid ?? false });
  const authTest = new InMemorySlackAuthTest(slack);
  const slackTokens = new InMemorySlackTokenStore();
  const queue = new InMemoryWorkQueue();
  const log = new InMemoryLogger();
  const stores: InMemoryStores = {
    jobs: new InMemoryJobStateStore(),
    sources: new InMemorySourceUserStore(),
    scope: new InMemoryAssignmentStore(),
    links: new InMemoryIdentityLinkStore(),
    slackIndex: new InMemorySlackIndexStore(),
    slackSnapshot: new InMemorySlackSnapshotStore(),
    notifications: new InMemoryNotificationStore(),
    userNames: new InMemoryUserNameIndexStore(),
    groups: new InMemoryGroupStore(),
    userScope: new InMemoryUserScopeStore(),
    groupMembers: new InMemoryGroupMembersStore(),
    memberChanges: new InMemoryMemberChangeStore(),
    scopeTouches: new InMemoryScopeTouchStore(),
    userGroups: new InMemoryUserGroupIndexStore(),
    groupLinks: new InMemoryIdentityLinkStore(),
    reports: new InMemoryReportsStore(),
    activity: new InMemoryActivityStore(clock.now),
    pending: new InMemoryPendingWorkStore(),
    escrows: new InMemoryEscrowStore(),
    removals: new InMemoryRemovalStore(),
    driftScans: new InMemoryDriftScanStore(),
  };
  const mapping = options.mapping ?? DEFAULT_USER_MAPPING;
  let nextId = 0;
  const ctx: EngineContext = {
    jobId: options.jobId ?? "job-1",
    graph,
    servicePrincipalId: "sp-1",
    slack,
    slackGroups: slack,
    slackTokens,
    slackHealth: new SlackTokenHealth({ authTest, slack, tokens: slackTokens, cacheMs: 300_000, now: clock.now }),
    oauthStates: new InMemoryOAuthStateStore(),
    graphSubscriptions: new InMemoryGraphSubscriptions(),
    notificationSettings: options.notificationSettings,
    ...stores,
    connectorData: new InMemoryConnectorData({
      IdentityLinks: stores.links.table,
      GroupLinks: stores.groupLinks.table,
      SlackIndex: stores.slackIndex.table,
      UserNameIndex: stores.userNames.table,
      Escrows: stores.escrows.table,
    }),
    groupProvisioning: options.groupProvisioning ?? true,
    groupDeleteOnUnassign: options.groupDeleteOnUnassign ?? true,
    queue,
    mapping,
    ...(options.groupMapping ? { groupMapping: options.groupMapping } : {}),
    userSelect: userSelectFor(mapping, { ...DEFAULT_USER_POLICIES, ...options.policies }),
    mappingProblem: () => undefined,
    removalGuard: {
      deactivationThreshold: 20,
      deactivationThresholdPercent: 100,
      groupDeleteThreshold: 2,
      ...options.removalGuard,
    },
    drift: { intervalHours: 24, mode: "repair", ...options.drift },
    policies: { ...DEFAULT_USER_POLICIES, ...options.policies },
    activityRetentionDays: 30,
    userLeaseMs: options.userLeaseMs ?? 300_000,
    backlogWindow: options.backlogWindow ?? 500,
    dryRunBudgetMs: options.dryRunBudgetMs ?? 10_000,
    retryBudget: { attempts: 6, ms: 60 * 60_000 },
    telemetry: options.telemetry ?? noopTelemetry,
    clock: clock.now,
    newId: () => `id-${++nextId}`,
    log,
  };
  const dumpStores = () => {
    const out: Record<string, string> = {};
    for (const [name, store] of Object.entries(stores)) {
      out[name] =
        store instanceof InMemoryActivityStore
          ? store.byTimeTable.dump() + store.byObjectTable.dump()
          : (store as { table: { dump(): string } }).table.dump();
    }
    return out;
  };
  return { ctx, clock, graph, slack, authTest, queue, log, stores, dumpStores };
}
