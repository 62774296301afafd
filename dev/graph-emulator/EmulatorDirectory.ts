import type { AccessTokenIssuer } from "./AccessTokenIssuer";
import { ChangeNotifications } from "./ChangeNotifications";
import type { DeltaTokenCodec } from "./DeltaTokenCodec";
import type { DirectoryStore } from "./DirectoryStore";
import type {
  AssignInput,
  CreateGroupInput,
  CreateUserInput,
  EmulatorGroup,
  GroupImportInput,
  GroupMemberRef,
  GroupRemovalKind,
  UpdateGroupInput,
  EmulatorAssignment,
  EmulatorStats,
  EmulatorUser,
  FaultSpec,
  ImportInput,
  RequestLogEntry,
  UpdateUserInput,
} from "./emulatorTypes";
import type { FaultInjector } from "./FaultInjector";
import type { NotificationSettings } from "./NotificationSettings";
import { RandomFaults } from "./RandomFaults";
import type { RandomFaultCounts, RandomFaultSettings } from "./RandomFaults";
import type { RequestLog } from "./RequestLog";
import type { AdminSubscription, LifecycleEvent, NotificationStats } from "./subscriptionTypes";

/**
 * The in-process admin API of a running emulator (`emulator.directory`). The HTTP admin API under /_admin and
 * GraphEmulatorAdminClient offer the same operations for tests in other processes.
 */
export class EmulatorDirectory {
  constructor(
    private readonly store: DirectoryStore,
    private readonly codec: DeltaTokenCodec,
    private readonly faults: FaultInjector,
    private readonly requests: RequestLog,
    private readonly tokens: AccessTokenIssuer,
    private readonly randomFaults: RandomFaults = new RandomFaults(),
    private readonly notifications: ChangeNotifications = new ChangeNotifications(),
  ) {}

  /** The Slack service principal's object id. */
  get servicePrincipalId(): string {
    return this.store.servicePrincipalId;
  }

  createUser(input: CreateUserInput): EmulatorUser {
    return this.store.createUser(input);
  }

  /** Partial update: given properties are set, null clears one. */
  updateUser(id: string, patch: UpdateUserInput): EmulatorUser {
    return this.store.updateUser(id, patch);
  }

  /** Moves the user to deleted items (restorable): delta reports @removed reason "changed". */
  softDeleteUser(id: string): EmulatorUser {
    return this.store.softDeleteUser(id);
  }

  restoreUser(id: string): EmulatorUser {
    return this.store.restoreUser(id);
  }

  /** Permanent delete (also of a soft-deleted user): delta reports @removed reason "deleted". */
  purgeUser(id: string): void {
    this.store.purgeUser(id);
  }

  getUser(id: string): EmulatorUser {
    return this.store.getUserView(id);
  }

  listUsers(): EmulatorUser[] {
    return this.store.listUserViews();
  }

  /** Sets the user's manager; users/delta with $select=…,manager then reports manager@delta. */
  setManager(userId: string, managerId: string): EmulatorUser {
    return this.store.setManager(userId, managerId);
  }

  clearManager(userId: string): void {
    this.store.clearManager(userId);
  }

  /** The manager's id, or undefined. */
  getManager(userId: string): string | undefined {
    return this.store.managerOf(userId);
  }

  // ---- groups ------------------------------------------------------------------------------------------------

  /** Creates a group (security group unless groupTypes has "Unified"), optionally with members (users or groups). */
  createGroup(input: CreateGroupInput): EmulatorGroup {
    return this.store.createGroup(input);
  }

  /** Renames (or changes the description of) a group. */
  updateGroup(id: string, patch: UpdateGroupInput): EmulatorGroup {
    return this.store.updateGroup(id, patch);
  }

  /**
   * Deletes a group as Entra does: Microsoft 365 groups are soft-deleted (delta "changed", restorable), security
   * groups are deleted permanently (delta "deleted"). Returns which.
   */
  deleteGroup(id: string): GroupRemovalKind {
    return this.store.deleteGroup(id);
  }

  /** Permanently deletes a group (also a soft-deleted one). */
  purgeGroup(id: string): void {
    this.store.purgeGroup(id);
  }

  restoreGroup(id: string): EmulatorGroup {
    return this.store.restoreGroup(id);
  }

  getGroup(id: string): EmulatorGroup {
    return this.store.groups.getView(id);
  }

  listGroups(): EmulatorGroup[] {
    return this.store.groups.all().map((g) => this.store.groups.view(g));
  }

  /** Adds a user or a nested group (a plain id: its type is looked up). Idempotent. */
  addMember(groupId: string, member: string | GroupMemberRef): EmulatorGroup {
    return this.store.addMember(groupId, member);
  }

  removeMember(groupId: string, memberId: string): EmulatorGroup {
    return this.store.removeMember(groupId, memberId);
  }

  /** Creates the groups (all first, then their members, so they may nest in any order or a cycle), then assigns. */
  importGroups(input: GroupImportInput): { groups: EmulatorGroup[]; assignments: EmulatorAssignment[] } {
    return this.store.importGroups(input);
  }

  assign(input: AssignInput): EmulatorAssignment {
    return this.store.assign(input);
  }

  /** Removes every assignment of the principal; returns how many. */
  unassign(principalId: string): number {
    return this.store.unassign(principalId);
  }

  listAssignments(): EmulatorAssignment[] {
    return this.store.listAssignments();
  }

  /** Creates the users, then the groups (if any), then the assignments (in order). */
  importDirectory(input: ImportInput): { users: EmulatorUser[]; assignments: EmulatorAssignment[] } {
    const users = input.users.map((u) => this.store.createUser(u));
    if (input.groups && input.groups.length > 0) this.store.importGroups({ groups: input.groups });
    const assignments = (input.assignments ?? []).map((a) => this.store.assign(a));
    return { users, assignments };
  }

  /** Every delta/skip token issued so far answers 400 syncStateNotFound. */
  expireDeltaTokens(): void {
    this.codec.expireAll();
  }

  /** Every delta/skip token issued so far answers 410 Gone with a Location carrying an empty $deltatoken. */
  resetDeltaSync(): void {
    this.codec.resetAll();
  }

  injectFault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Random faults on Graph API requests for chaos runs (see RandomFaults), or off with undefined. Counters restart. */
  setRandomFaults(settings: RandomFaultSettings | undefined): void {
    this.randomFaults.configure(settings);
  }

  /** How many random faults of each kind were injected, and how many timed-out requests are still held. */
  randomFaultCounts(): RandomFaultCounts & { hanging: number } {
    return { ...this.randomFaults.counts(), hanging: this.randomFaults.hanging };
  }

  /** Invalidates every access token issued so far (clients must fetch a new one). */
  /** Declares the Slack application's app roles (what [appRoleAssignments] and SingleAppRoleAssignment resolve to). */
  setAppRoles(roles: { id: string; value: string; displayName: string }[]): void {
    this.store.appRoles = roles.map((r) => ({ ...r, isEnabled: true }));
  }

  revokeAccessTokens(): void {
    this.tokens.revokeAll();
  }

  stats(): EmulatorStats {
    return {
      ...this.store.counts(),
      changes: this.store.log.size,
      latestSeq: this.store.log.latestSeq,
      requests: this.requests.count,
      activeFaults: this.faults.active,
    };
  }

  // ---- change notifications ---------------------------------------------------------------------------------

  /** The live change notification subscriptions (expired ones are gone). */
  listSubscriptions(): AdminSubscription[] {
    return this.notifications.listForAdmin();
  }

  notificationSettings(): NotificationSettings {
    return this.notifications.settings();
  }

  /** Changes some delivery settings (notificationDelayMs, duplicateNotifications, timeouts, retries…); returns all. */
  setNotificationSettings(patch: Partial<NotificationSettings>): NotificationSettings {
    return this.notifications.configure(patch);
  }

  /** The next `count` change notifications are not sent; their subscriptions then get a `missed` lifecycle event. */
  dropNextNotifications(count: number): void {
    this.notifications.dropNext(count);
  }

  /**
   * Sends a lifecycle notification now to the subscription's lifecycleNotificationUrl (none without one, as in Graph);
   * subscriptionRemoved also removes the subscription. Returns the URL posted to, or null.
   */
  sendLifecycleEvent(subscriptionId: string, lifecycleEvent: LifecycleEvent): { sentTo: string | null } {
    return this.notifications.sendLifecycleEvent(subscriptionId, lifecycleEvent);
  }

  /** Expires the subscription now: 404 from then on, and no more notifications. */
  expireSubscription(subscriptionId: string): void {
    this.notifications.expireNow(subscriptionId);
  }

  /** Delivered, failed, dropped… change notifications, lifecycle deliveries, and what is still pending. */
  notificationStats(): NotificationStats {
    return this.notifications.stats();
  }

  resetNotificationStats(): void {
    this.notifications.resetStats();
  }

  requestLog(): RequestLogEntry[] {
    return this.requests.list();
  }

  clearRequestLog(): void {
    this.requests.clear();
  }
}
