import type { GraphSource } from "../graph/GraphSource";
import type { UserMapping } from "../mapping/AttributeMapping";
import type { WorkQueue } from "../queue/WorkQueue";
import type { SlackGroupTarget } from "../slack/SlackGroupTarget";
import type { SlackTarget } from "../slack/SlackTarget";
import type { GroupRepository } from "../state/GroupRepository";
import type { GroupScopeMembersRepository } from "../state/GroupScopeMembersRepository";
import type { UserScopeRepository } from "../state/UserScopeRepository";
import type { ReportsRepository } from "../state/ReportsRepository";
import type { ActivityLog } from "../state/ActivityLog";
import type { IdentityLinkRepository } from "../state/IdentityLinkRepository";
import type { JobStateRepository } from "../state/JobStateRepository";
import type { PendingWorkRepository } from "../state/PendingWorkRepository";
import type { ScopeRepository } from "../state/ScopeRepository";
import type { SlackIndexRepository } from "../state/SlackIndexRepository";
import type { SourceUserRepository } from "../state/SourceUserRepository";
import type { UserNameIndexRepository } from "../state/UserNameIndexRepository";
import type { Telemetry } from "../telemetry/Telemetry";
import type { Logger } from "./Logger";

/** Everything the engine's use cases need, wired once per process (see shared/runtime). */
export interface EngineContext {
  jobId: string;
  graph: GraphSource;
  servicePrincipalId: string;
  slack: SlackTarget;
  slackGroups: SlackGroupTarget;
  jobs: JobStateRepository;
  sources: SourceUserRepository;
  scope: ScopeRepository;
  links: IdentityLinkRepository;
  slackIndex: SlackIndexRepository;
  userNames: UserNameIndexRepository;
  groups: GroupRepository;
  userScope: UserScopeRepository;
  groupMembers: GroupScopeMembersRepository;
  groupLinks: IdentityLinkRepository;
  reports: ReportsRepository;
  /** Provision assigned groups as Slack groups (GROUP_PROVISIONING). */
  groupProvisioning: boolean;
  /** Delete the Slack group when its Entra group is unassigned or deleted (GROUP_DELETE_ON_UNASSIGN). */
  groupDeleteOnUnassign: boolean;
  activity: ActivityLog;
  pending: PendingWorkRepository;
  queue: WorkQueue;
  /** The user mapping in force (with its scoping filters); may change between cycles when the mapping file changes. */
  readonly mapping: UserMapping;
  /** The Graph user properties to $select: what the mapping and the scoping filters read, plus the engine's own. */
  readonly userSelect: readonly string[];
  /** Why the configured mapping file is not in force (the previous configuration is used meanwhile), if so. */
  mappingProblem(): string | undefined;
  /** Largest number of deactivations a single scope refresh may cause (0 = unlimited). */
  deactivationThreshold: number;
  /** Days to keep activity records. */
  activityRetentionDays: number;
  /** Lifetime of the per-user lease (must stay below the queue's processing visibility timeout). */
  userLeaseMs: number;
  telemetry: Telemetry;
  clock: () => Date;
  newId: () => string;
  log: Logger;
}
