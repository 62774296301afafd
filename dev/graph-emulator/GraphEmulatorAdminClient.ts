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
import type { NotificationSettings } from "./NotificationSettings";
import type { RandomFaultCounts, RandomFaultSettings } from "./RandomFaults";
import type { AdminSubscription, LifecycleEvent, NotificationStats } from "./subscriptionTypes";

/** Typed client of the emulator's HTTP admin API (/_admin), for tests and tools in other processes. */
export class GraphEmulatorAdminClient {
  private readonly base: string;

  /** @param baseUrl the emulator root, e.g. http://127.0.0.1:PORT */
  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/+$/, "") + "/_admin";
  }

  createUser(input: CreateUserInput): Promise<EmulatorUser> {
    return this.call("POST", "/users", input);
  }
  updateUser(id: string, patch: UpdateUserInput): Promise<EmulatorUser> {
    return this.call("PATCH", `/users/${encodeURIComponent(id)}`, patch);
  }
  softDeleteUser(id: string): Promise<EmulatorUser> {
    return this.call("POST", `/users/${encodeURIComponent(id)}/softDelete`);
  }
  restoreUser(id: string): Promise<EmulatorUser> {
    return this.call("POST", `/users/${encodeURIComponent(id)}/restore`);
  }
  async purgeUser(id: string): Promise<void> {
    await this.call("DELETE", `/users/${encodeURIComponent(id)}`);
  }
  getUser(id: string): Promise<EmulatorUser> {
    return this.call("GET", `/users/${encodeURIComponent(id)}`);
  }
  listUsers(): Promise<EmulatorUser[]> {
    return this.call("GET", "/users");
  }
  setManager(userId: string, managerId: string): Promise<EmulatorUser> {
    return this.call("PUT", `/users/${encodeURIComponent(userId)}/manager`, { id: managerId });
  }
  async clearManager(userId: string): Promise<void> {
    await this.call("DELETE", `/users/${encodeURIComponent(userId)}/manager`);
  }
  createGroup(input: CreateGroupInput): Promise<EmulatorGroup> {
    return this.call("POST", "/groups", input);
  }
  updateGroup(id: string, patch: UpdateGroupInput): Promise<EmulatorGroup> {
    return this.call("PATCH", `/groups/${encodeURIComponent(id)}`, patch);
  }
  async deleteGroup(id: string): Promise<GroupRemovalKind> {
    const r = await this.call<{ reason: GroupRemovalKind }>("DELETE", `/groups/${encodeURIComponent(id)}`);
    return r.reason;
  }
  async purgeGroup(id: string): Promise<void> {
    await this.call("POST", `/groups/${encodeURIComponent(id)}/purge`);
  }
  restoreGroup(id: string): Promise<EmulatorGroup> {
    return this.call("POST", `/groups/${encodeURIComponent(id)}/restore`);
  }
  getGroup(id: string): Promise<EmulatorGroup> {
    return this.call("GET", `/groups/${encodeURIComponent(id)}`);
  }
  listGroups(): Promise<EmulatorGroup[]> {
    return this.call("GET", "/groups");
  }
  addMember(groupId: string, member: string | GroupMemberRef): Promise<EmulatorGroup> {
    const body = typeof member === "string" ? { id: member } : member;
    return this.call("POST", `/groups/${encodeURIComponent(groupId)}/members`, body);
  }
  removeMember(groupId: string, memberId: string): Promise<EmulatorGroup> {
    return this.call("DELETE", `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(memberId)}`);
  }
  importGroups(input: GroupImportInput): Promise<{ groups: EmulatorGroup[]; assignments: EmulatorAssignment[] }> {
    return this.call("POST", "/import/groups", input);
  }
  assign(input: AssignInput): Promise<EmulatorAssignment> {
    return this.call("POST", "/assignments", input);
  }
  async unassign(principalId: string): Promise<number> {
    const r = await this.call<{ removed: number }>("DELETE", `/assignments/${encodeURIComponent(principalId)}`);
    return r.removed;
  }
  listAssignments(): Promise<EmulatorAssignment[]> {
    return this.call("GET", "/assignments");
  }
  importDirectory(input: ImportInput): Promise<{ users: EmulatorUser[]; assignments: EmulatorAssignment[] }> {
    return this.call("POST", "/import", input);
  }
  async expireDeltaTokens(): Promise<void> {
    await this.call("POST", "/delta/expire");
  }
  async resetDeltaSync(): Promise<void> {
    await this.call("POST", "/delta/reset");
  }
  async injectFault(spec: FaultSpec): Promise<void> {
    await this.call("POST", "/faults", spec);
  }
  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }
  async setRandomFaults(settings: RandomFaultSettings | undefined): Promise<void> {
    await this.call("PUT", "/random-faults", settings ?? null);
  }
  randomFaultCounts(): Promise<RandomFaultCounts & { hanging: number }> {
    return this.call("GET", "/random-faults");
  }
  async revokeAccessTokens(): Promise<void> {
    await this.call("POST", "/tokens/revoke");
  }
  stats(): Promise<EmulatorStats> {
    return this.call("GET", "/stats");
  }
  requestLog(): Promise<RequestLogEntry[]> {
    return this.call("GET", "/requests");
  }
  async clearRequestLog(): Promise<void> {
    await this.call("DELETE", "/requests");
  }

  listSubscriptions(): Promise<AdminSubscription[]> {
    return this.call("GET", "/subscriptions");
  }
  notificationSettings(): Promise<NotificationSettings> {
    return this.call("GET", "/notifications/settings");
  }
  setNotificationSettings(patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
    return this.call("PATCH", "/notifications/settings", patch);
  }
  async dropNextNotifications(count: number): Promise<void> {
    await this.call("POST", "/notifications/drop", { count });
  }
  sendLifecycleEvent(subscriptionId: string, lifecycleEvent: LifecycleEvent): Promise<{ sentTo: string | null }> {
    return this.call("POST", `/subscriptions/${encodeURIComponent(subscriptionId)}/lifecycle`, { lifecycleEvent });
  }
  async expireSubscription(subscriptionId: string): Promise<void> {
    await this.call("POST", `/subscriptions/${encodeURIComponent(subscriptionId)}/expire`);
  }
  notificationStats(): Promise<NotificationStats> {
    return this.call("GET", "/notifications/stats");
  }
  async resetNotificationStats(): Promise<void> {
    await this.call("DELETE", "/notifications/stats");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.base + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      let detail = text;
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        detail = `${parsed.error?.code ?? ""}: ${parsed.error?.message ?? text}`;
      } catch {
        // not JSON: keep the raw text
      }
      throw new Error(`Graph emulator admin ${method} ${path} failed with HTTP ${res.status} ${detail}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
