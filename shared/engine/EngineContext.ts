import type { DriftSettings, Settings } from "../config/Settings";
import type { GraphSubscriptions } from "../notifications/GraphSubscriptions";
import type { NotificationStore } from "../notifications/NotificationStore";
import type { GraphSource } from "../graph/GraphSource";
import type { GroupMapping, UserMapping } from "../mapping/AttributeMapping";
import type { WorkQueue } from "../queue/WorkQueue";
import type { SlackGroupTarget } from "../slack/SlackGroupTarget";
import type { SlackTarget } from "../slack/SlackTarget";
import type { SlackTokenStore } from "../slack/tokens/SlackTokenStore";
import type { SlackTokenCheck } from "../slack/health/SlackTokenHealth";
import type {
  ActivityStore,
  AssignmentStore,
  DriftScanStore,
  OAuthStateStore,
  ConnectorDataStore,
  EscrowStore,
  GroupMembersStore,
  ScopeTouchStore,
  UserGroupIndexStore,
  GroupStore,
  IdentityLinkStore,
  JobStateStore,
  MemberChangeStore,
  PendingWorkStore,
  RemovalStore,
  ReportsStore,
  SlackIndexStore,
  SlackSnapshotStore,
  SourceUserStore,
  UserNameIndexStore,
  UserScopeStore,
} from "../state/StatePorts";
import type { Telemetry } from "../telemetry/Telemetry";
import type { Logger } from "./Logger";
import type { RemovalLimits } from "./removalLimits";
import type { UserPolicies } from "../policies/UserPolicies";

/**
 * Everything the engine's use cases need, wired once per process (see shared/runtime): the two remote systems and the
 * storage behind their ports, the settings that steer decisions, and the clock. Each use case takes only the part it
 * needs (a `Pick` of this, named after the use case), so it can run on the in-memory adapters in unit tests.
 */
export interface EngineContext {
  jobId: string;
  graph: GraphSource;
  servicePrincipalId: string;
  slack: SlackTarget;
  slackGroups: SlackGroupTarget;
  /** The token the Slack target sends, and where Authorize stores a new one (used by the next call). */
  slackTokens: SlackTokenStore;
  /** The token check: Slack still accepts the token and its owner is still an Org Admin or Owner (auth.test, SCIM). */
  slackHealth: SlackTokenCheck;
  /** Authorize's pending states (single use, ten minutes, bound to the operator who started them). */
  oauthStates: OAuthStateStore;
  jobs: JobStateStore;
  sources: SourceUserStore;
  scope: AssignmentStore;
  links: IdentityLinkStore;
  slackIndex: SlackIndexStore;
  /** The copy of Slack's users a full cycle takes once, to match unlinked users without per-user Slack reads. */
  slackSnapshot: SlackSnapshotStore;
  /** Microsoft Graph's change-notification subscriptions (the same client as `graph`). */
  graphSubscriptions: GraphSubscriptions;
  /** The subscriptions the app keeps and the catch-up state behind notifications. */
  notifications: NotificationStore;
  /** Where Graph posts notifications and the secret it echoes; undefined when notifications are off. */
  notificationSettings: Settings["notifications"];
  userNames: UserNameIndexStore;
  groups: GroupStore;
  userScope: UserScopeStore;
  groupMembers: GroupMembersStore;
  /** Per group, the members whose Slack account appeared or changed since the group's last run (MemberChangeStore). */
  memberChanges: MemberChangeStore;
  /** Changes not yet taken into the scope (ScopeTouch.ts), so the scope is derived from them, not from the tenant. */
  scopeTouches: ScopeTouchStore;
  /** Each user's direct groups (the groups mirror turned around). */
  userGroups: UserGroupIndexStore;
  groupLinks: IdentityLinkStore;
  reports: ReportsStore;
  /** Provision assigned groups as Slack groups (GROUP_PROVISIONING). */
  groupProvisioning: boolean;
  /** Delete the Slack group when its Entra group is unassigned or deleted (GROUP_DELETE_ON_UNASSIGN). */
  groupDeleteOnUnassign: boolean;
  activity: ActivityStore;
  pending: PendingWorkStore;
  /** Objects whose retries in a cycle were spent, retried in later cycles. */
  escrows: EscrowStore;
  /** The connector's own data (links, owner indexes, escrows), emptied by a restart that forgets it. */
  connectorData: ConnectorDataStore;
  queue: WorkQueue;
  /** The user mapping in force (with its scoping filters); may change between cycles when the mapping file changes. */
  readonly mapping: UserMapping;
  /**
   * The groups section of the mapping in force (displayName source, group scoping filters); DEFAULT_GROUP_MAPPING
   * (the Entra name, every assigned group) when absent.
   */
  readonly groupMapping?: GroupMapping;
  /** The Graph user properties to $select: what the mapping and the scoping filters read, plus the engine's own. */
  readonly userSelect: readonly string[];
  /** Why the configured mapping file is not in force (the previous configuration is used meanwhile), if so. */
  mappingProblem(): string | undefined;
  /** The deletion guard's limits (DEACTIVATION_THRESHOLD, DEACTIVATION_THRESHOLD_PERCENT, GROUP_DELETE_THRESHOLD). */
  removalGuard: RemovalLimits;
  /** The deletion guard's staged, held and rejected removals. */
  removals: RemovalStore;
  /** The drift scan's row (its cursor, counters and last summary). */
  driftScans: DriftScanStore;
  /** Drift scans: how often (DRIFT_SCAN_INTERVAL_HOURS) and whether they repair or only report (DRIFT_MODE). */
  drift: DriftSettings;
  /** What leaving scope and a blocked sign-in do, and how guests are provisioned (UserPolicies). */
  policies: UserPolicies;
  /** Days to keep activity records. */
  activityRetentionDays: number;
  /** A failing user's or group's budget in one cycle before it is escrowed: backoff re-queues, and time in all. */
  retryBudget: { attempts: number; ms: number };
  /**
   * The most provisioning messages a cycle keeps queued at once (BACKLOG_WINDOW): a delta page is read only while fewer
   * are waiting, so the queue's depth and the backlog's rows do not grow with the tenant.
   */
  backlogWindow: number;
  /** Lifetime of the per-user lease (must stay below the queue's processing visibility timeout). */
  userLeaseMs: number;
  /** Wall time a dry run or a preview may spend evaluating a mapping, in a worker thread (DRY_RUN_BUDGET_MS). */
  dryRunBudgetMs: number;
  telemetry: Telemetry;
  clock: () => Date;
  newId: () => string;
  log: Logger;
}
