import type { AttentionEntry } from "./attention/AttentionEntry";
import type { CycleSummary } from "./cycles/CycleSummary";
import type { PersonHit } from "./people/PersonHit";
import type { SlackUser } from "../slack/ScimUser";
import type { RemovedReason } from "../graph/DeltaPage";
import type { GraphUser } from "../graph/GraphUser";
import type { ActivityQuery } from "./ActivityLog";
import type { ActivityRecord } from "./ActivityRecord";
import type { CycleTally } from "./cycleTally";
import type { ScopeTouch, ScopeTouches } from "../scope/ScopeTouch";
import type { GroupRecord, GroupStructure } from "./GroupRepository";
import type { HeldRemoval, HeldRemovalState } from "./HeldRemoval";
import type { IdentityLink } from "./IdentityLink";
import type { KeyRange } from "./keyRanges";
import type { JobState, JobTransition } from "./JobState";
import type { DriftScanState, DriftTransition } from "../drift/DriftScanState";
import type { PendingMessage } from "./PendingWorkRepository";
import type { RemovalCounts } from "./removalCounts";
import type { ScopeEntry } from "./ScopeRepository";
import type { SourceUserRecord } from "./SourceUserRepository";
import type { UserScopeEntry } from "./UserScopeRepository";

/**
 * The storage ports: the narrow interfaces through which the engine's use cases read and write their state, as
 * GraphSource and SlackTarget are for the two remote systems. The Table Storage repositories in this folder implement
 * them (proved by the Azurite integration tests); test/support/memory has in-memory adapters for fast unit tests.
 */

/** The outcome of applying a job transition: the state now stored, and whether the transition applied. */
export interface AppliedTransition {
  state: JobState;
  applied: boolean;
  /** Why the transition declined (when it did). */
  declined?: string;
}

/** The job's state row, changed only through the named transitions of JobState.ts (compare-and-set). */
export interface JobStateStore {
  get(jobId: string): Promise<JobState>;
  apply(jobId: string, transition: JobTransition): Promise<AppliedTransition>;
}

/** A link row with the ETag it was read with. */
export interface StoredLink {
  link: IdentityLink;
  etag: string;
}

/**
 * Identity links (Entra object ⇄ Slack id) of users or of groups, with optimistic concurrency: `create` and `replace`
 * throw ConcurrentWriteError when another writer got there first, and resolve with the new ETag.
 */
export interface IdentityLinkStore {
  get(jobId: string, objectId: string): Promise<StoredLink | undefined>;
  create(jobId: string, link: IdentityLink): Promise<string>;
  replace(jobId: string, link: IdentityLink, etag: string): Promise<string>;
  list(jobId: string): AsyncIterable<IdentityLink>;
  /** Up to `limit` links after the row key `after` (in key order), and the key to go on from when there may be more. */
  page(jobId: string, after: string | undefined, limit: number): Promise<{ entries: StoredLink[]; next?: string }>;
}

/** The tables a restart with resetScope ConnectorDataStore empties for the job (ConnectorDataRepository). */
export type ConnectorTable = "IdentityLinks" | "GroupLinks" | "SlackIndex" | "UserNameIndex" | "Escrows";

/** The connector's own data (links, owner indexes, escrows), emptied in bounded pages by a restart. */
export interface ConnectorDataStore {
  /** Deletes up to `limit` of the job's rows in the table; resolves with how many it deleted (0: none were left). */
  clear(table: ConnectorTable, jobId: string, limit: number): Promise<number>;
}

/** One observation of an Entra user, as a delta page or a direct read made it. */
export interface SourceObservation {
  objectId: string;
  snapshot?: GraphUser;
  removed?: RemovedReason;
  seq: string;
}

/** The mirror of Entra users: the last observation of each, and whether we manage it in Slack. */
export interface SourceUserStore {
  get(jobId: string, objectId: string): Promise<SourceUserRecord | undefined>;
  getMany(jobId: string, objectIds: readonly string[]): Promise<Map<string, SourceUserRecord>>;
  /** Writes observations (`managed` is left as it is). Callers filter out stale observations first. */
  saveObservations(jobId: string, records: readonly SourceObservation[]): Promise<void>;
  setManaged(jobId: string, objectId: string, managed: boolean): Promise<void>;
  list(jobId: string): AsyncIterable<SourceUserRecord>;
}

/** The application's assignments, as of the last complete read. */
export interface AssignmentStore {
  list(jobId: string): Promise<Map<string, ScopeEntry>>;
  get(jobId: string, principalId: string): Promise<ScopeEntry | undefined>;
  apply(jobId: string, added: readonly ScopeEntry[], removed: readonly string[]): Promise<void>;
}

/** The derived scope: one entry per in-scope user with the paths that bring it in. */
export interface UserScopeStore {
  get(jobId: string, userId: string): Promise<UserScopeEntry | undefined>;
  getMany(jobId: string, userIds: readonly string[]): Promise<Map<string, UserScopeEntry>>;
  list(jobId: string): Promise<Map<string, UserScopeEntry>>;
  /** Every entry (of the users whose row key is in `range`), one at a time (a full derivation reads them as it goes). */
  entries(jobId: string, range?: KeyRange): AsyncIterable<UserScopeEntry>;
  apply(jobId: string, upserts: readonly UserScopeEntry[], deletes: readonly string[]): Promise<void>;
}

/** The mirror of Entra groups (names and direct members) from groups/delta. */
export interface GroupStore {
  get(jobId: string, groupId: string): Promise<GroupRecord | undefined>;
  getMany(jobId: string, groupIds: readonly string[]): Promise<Map<string, GroupRecord>>;
  list(jobId: string): Promise<Map<string, GroupRecord>>;
  /** Every group, one at a time (at most a group's rows held at once). */
  entries(jobId: string): AsyncIterable<GroupRecord>;
  /** Every group without its user members: names, deletions and nested groups (the scope's structure). */
  structure(jobId: string): Promise<Map<string, GroupStructure>>;
  /** Writes groups; `previous` are the same groups as last read (so the store can drop rows they no longer need). */
  save(jobId: string, groups: readonly GroupRecord[], previous: ReadonlyMap<string, GroupRecord>): Promise<void>;
}

/** For each assigned group, its transitive in-scope users. */
export interface GroupMembersStore {
  /** The group's members (those whose row key is in `range`). */
  list(jobId: string, groupId: string, range?: KeyRange): Promise<Set<string>>;
  /** Which of these users are members of the group: point reads, as many as there are users, whatever the group's size. */
  contains(jobId: string, groupId: string, userIds: readonly string[]): Promise<Set<string>>;
  apply(jobId: string, groupId: string, added: readonly string[], removed: readonly string[]): Promise<void>;
}

/** One recorded member change: a user whose membership of the group may have changed, as its row was read. */
export interface MemberChange {
  userId: string;
  /** The row's key and ETag, to delete exactly this row once it is applied. */
  rowKey: string;
  etag: string;
}

/** A member change to record: the group, the user, and an id of its own (a new row each time; never overwritten). */
export interface NewMemberChange {
  groupId: string;
  userId: string;
  id: string;
}

/**
 * For each group, the users whose membership of its Slack group may have changed since it was last reconciled: written
 * by a user's run when its Slack account appears or its active state changes, read and cleared by the group's runs.
 * One partition per group and a new row per change, so reading and clearing them costs the number of changes, never
 * the size of the group, and a change recorded while a run applies the others is never cleared by that run.
 */
export interface MemberChangeStore {
  record(jobId: string, changes: readonly NewMemberChange[]): Promise<void>;
  /** The group's first `limit` changes (in key order); `more` when there are others. */
  list(jobId: string, groupId: string, limit: number): Promise<{ changes: MemberChange[]; more: boolean }>;
  /** Deletes these rows (as listed); rows already gone are fine, rows written since are kept. */
  remove(jobId: string, groupId: string, changes: readonly MemberChange[]): Promise<void>;
}

/** Scope touches not yet consumed by a derivation of the scope (ScopeTouch.ts). */
export interface ScopeTouchStore {
  record(jobId: string, touches: readonly ScopeTouch[]): Promise<void>;
  list(jobId: string): Promise<ScopeTouches>;
  /** Removes every touch; resolves with how many there were. */
  clear(jobId: string): Promise<number>;
}

/** For each user, the groups that have it as a direct member (UserGroupIndexRepository). */
export interface UserGroupIndexStore {
  isComplete(jobId: string): Promise<boolean>;
  markComplete(jobId: string): Promise<void>;
  getMany(jobId: string, userIds: readonly string[]): Promise<Map<string, Set<string>>>;
  /** Each user's row (those whose row key is in `range`), one at a time. */
  list(jobId: string, range?: KeyRange): AsyncIterable<[string, Set<string>]>;
  /** Writes each user's groups; an empty set removes the user's row. */
  put(jobId: string, rows: ReadonlyMap<string, ReadonlySet<string>>): Promise<void>;
}

/** Which Entra user owns which Slack id (so two Entra users never share one Slack account). */
export interface SlackIndexStore {
  ownerOf(jobId: string, slackId: string): Promise<string | undefined>;
  /** Claims the Slack id for `objectId`; resolves with the owner (another object's id when it was already claimed). */
  claim(jobId: string, slackId: string, objectId: string): Promise<string>;
  /**
   * Hands the Slack id from `from` to `to`, only while `from` still owns it (compare-and-set); resolves with the owner
   * after the call (`to` when it was handed over).
   */
  transfer(jobId: string, slackId: string, from: string, to: string): Promise<string | undefined>;
}

/**
 * A copy of Slack's users taken once at the start of a full cycle (one paged listing), indexed by userName and email,
 * so matching an unlinked user costs a Table read instead of two filtered Slack reads. Usable only once complete.
 */
export interface SlackSnapshotStore {
  isComplete(jobId: string, cycleId: string): Promise<boolean>;
  /** Adds one page of users (idempotent: a page written twice is the same rows). */
  add(jobId: string, cycleId: string, users: readonly SlackUser[]): Promise<void>;
  /** Marks the cycle's snapshot complete and drops the previous one. */
  complete(jobId: string, cycleId: string): Promise<void>;
  /** Users whose userName equals `userName`, ignoring case. */
  findByUserName(jobId: string, cycleId: string, userName: string): Promise<SlackUser[]>;
  /** Users with `email` among their emails, ignoring case. */
  findByEmail(jobId: string, cycleId: string, email: string): Promise<SlackUser[]>;
}

/** Which Entra user wants which Slack userName (to tell an email match that belongs to someone else). */
export interface UserNameIndexStore {
  ownerOf(jobId: string, slackUserName: string): Promise<string | undefined>;
  record(jobId: string, entries: readonly { slackUserName: string; objectId: string }[]): Promise<void>;
}

/** A manager change of one report. */
export interface ReportMove {
  reportId: string;
  before: string | undefined;
  after: string | undefined;
}

/** Manager → reports, so reports provisioned before their manager get the reference when it arrives. */
export interface ReportsStore {
  /** Every report of the manager (one partition read: for the rare events that concern them all). */
  reportsOf(jobId: string, managerId: string): Promise<string[]>;
  move(jobId: string, changes: readonly ReportMove[]): Promise<void>;
  /** Puts the report on the manager's waiting list (a point read, and a write when it was not on it). */
  waitFor(jobId: string, managerId: string, reportId: string): Promise<void>;
  /**
   * The manager's waiting list, taken: `use` gets the reports on it (or every report when it overflowed), and once it
   * resolved the list is cleared, unless a report joined it meanwhile (that report sees the manager when it checks
   * again). A `use` that fails leaves the list as it was.
   */
  takeWaiting(jobId: string, managerId: string, use: (reports: string[]) => Promise<void>): Promise<void>;
}

/** The activity log: one record per change, by time and by object, with retention, and a tally per cycle. */
export interface ActivityStore {
  /** Appends the record and counts it in its cycle's tally. */
  append(record: ActivityRecord): Promise<void>;
  byTime(jobId: string, query?: ActivityQuery): Promise<ActivityRecord[]>;
  /** The same records as byTime, newest first, read lazily as the caller iterates (no limit: the caller stops). */
  scan(jobId: string, query?: ActivityQuery): AsyncIterable<ActivityRecord>;
  byObject(jobId: string, objectId: string, limit?: number): Promise<ActivityRecord[]>;
  /**
   * The cycle's records counted as they were appended (cycleTally.ts): counts by action and status for users and
   * groups, the first `rejectedLimit` rejected objects and their total, the last record's time. A fixed number of
   * reads whatever the number of records.
   */
  cycleTally(jobId: string, cycleId: string, rejectedLimit: number): Promise<CycleTally>;
  purge(before: Date): Promise<number>;
  /**
   * The standing attention list, kept as records are appended (attention/AttentionIndex.ts): the first `limit`
   * users and groups whose latest record failed, was escrowed, rejected or skipped by policy, and whether there are more.
   */
  attention(jobId: string, limit: number): Promise<{ entries: AttentionEntry[]; more: boolean }>;
  /** One object's attention entry (a point read), if it is on the list. */
  attentionOf(jobId: string, objectType: "User" | "Group", objectId: string): Promise<AttentionEntry | undefined>;
  /** Users and groups whose UPN, name, mail or display name starts with `query` (people/PeopleIndex.ts). */
  searchPeople(jobId: string, query: string, limit: number): Promise<PersonHit[]>;
  /** Stores a converged cycle's summary, once (cycles/CycleHistory.ts). */
  recordCycle(summary: CycleSummary): Promise<void>;
  /** The newest `limit` cycle summaries, newest first. */
  cycles(jobId: string, limit: number): Promise<CycleSummary[]>;
}

/** One escrowed object: what failed, how often, and when it is retried next. */
export interface EscrowEntry {
  objectType: "User" | "Group";
  objectId: string;
  /** UPN or group name, for the operator. */
  identity?: string;
  attempts: number;
  since: string;
  lastError: { code: string; message: string };
  nextAttemptAt: string;
}

/**
 * The escrowed objects of a job: one row each while it is escrowed, so that finding the ones due is proportional to
 * how many are escrowed, never to the tenant.
 */
export interface EscrowStore {
  put(jobId: string, entry: EscrowEntry): Promise<void>;
  remove(jobId: string, objectType: EscrowEntry["objectType"], objectId: string): Promise<void>;
  /** Up to `limit` entries whose next attempt is at or before `now`. */
  due(jobId: string, now: Date, limit: number): Promise<EscrowEntry[]>;
  /** Up to `limit` entries, for the status; `more` when there are others. */
  list(jobId: string, limit: number): Promise<{ entries: EscrowEntry[]; more: boolean }>;
}

/**
 * The deletion guard's removals: one row per object while its removal is staged, held or rejected, so counting a
 * cycle's removals and listing the held ones is proportional to the removals, never to the tenant.
 */
export interface RemovalStore {
  get(jobId: string, objectType: HeldRemoval["objectType"], objectId: string): Promise<HeldRemoval | undefined>;
  /** Stages a removal; a held one stays held (its evidence refreshed), a rejected one is staged again. */
  stage(jobId: string, removal: HeldRemoval): Promise<void>;
  /** Rewrites rows as given (to hold or reject them). */
  put(jobId: string, removals: readonly HeldRemoval[]): Promise<void>;
  /** Deletes the row; with `onlyIf`, only while it is in that state (a row staged again meanwhile stays). */
  remove(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
    onlyIf?: HeldRemovalState,
  ): Promise<void>;
  /** The rows by kind and state, kept as a counter: a fixed number of reads however many there are. */
  counts(jobId: string): Promise<RemovalCounts>;
  /** Up to `limit` rows of the type in the state (in key order); `more` when there are others. */
  list(
    jobId: string,
    query: { state: HeldRemovalState; objectType: HeldRemoval["objectType"] },
    limit: number,
  ): Promise<{ entries: HeldRemoval[]; more: boolean }>;
}

/** The drift scan's row: the running scan's cursor and counters and the last summary (DriftScanState.ts), by CAS. */
export interface DriftScanStore {
  get(jobId: string): Promise<DriftScanState>;
  apply(
    jobId: string,
    transition: DriftTransition,
  ): Promise<{ state: DriftScanState; applied: boolean; declined?: string }>;
}

/** The cycle's backlog (the outbox): a row per queued message until it is applied or recorded. */
export interface PendingWorkStore {
  add(cycleId: string, entries: readonly PendingMessage[]): Promise<void>;
  /**
   * Removes a row. Resolves true when the removal may have emptied the backlog (the counter shard it took the row off
   * reached 0): a hint to count, never a count itself.
   */
  remove(cycleId: string, key: string): Promise<boolean>;
  byOrigin(cycleId: string, origin: string): Promise<PendingMessage[]>;
  /**
   * The rows not removed yet. Kept as a counter: a fixed number of reads whatever the size of the backlog, and never 0
   * while a row remains.
   */
  count(cycleId: string): Promise<number>;
}

/**
 * A pending Slack authorization (Authorize), kept under the hash of its `state` value: whom it was started for, where
 * Slack sends the browser back, until when it may be completed, and whether it was.
 */
export interface OAuthState {
  /** Hash of the signed-in operator who started it (operatorKey), never the operator's id. */
  operator: string;
  /** The redirect_uri the authorize request named; the code exchange must name it again. */
  redirectUri: string;
  /** ISO time after which the callback refuses it (ten minutes after it was issued). */
  expiresAt: string;
  /** ISO time the callback used it: a state is single use. */
  usedAt?: string;
}

/** The pending Slack authorizations, one row per state (Table Storage `SlackOAuthStates`). */
export interface OAuthStateStore {
  /** Keeps a new state under `key`, and drops states that expired more than an hour before `now`. */
  create(jobId: string, key: string, state: OAuthState, now: Date): Promise<void>;
  /** The state kept under `key` with its version, or undefined. */
  read(jobId: string, key: string): Promise<{ state: OAuthState; etag: string } | undefined>;
  /** Marks it used if it is still the version read: true for exactly one of any number of concurrent callers. */
  markUsed(jobId: string, key: string, etag: string, at: Date): Promise<boolean>;
}
