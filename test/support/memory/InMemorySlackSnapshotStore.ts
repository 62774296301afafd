import type { SlackUser } from "../../../shared/slack/ScimUser";
import { snapshotPrefix, snapshotRowKeys } from "../../../shared/state/slackSnapshotKeys";
import type { SlackSnapshotStore } from "../../../shared/state/StatePorts";
import { cloneJson } from "./cloneJson";
import { InMemoryTable } from "./InMemoryTable";

const COMPLETE = "~complete";

/** SlackSnapshotStore in memory, with the same partitions and index keys as SlackSnapshotRepository. */
export class InMemorySlackSnapshotStore implements SlackSnapshotStore {
  readonly table = new InMemoryTable<SlackUser | string>();

  isComplete(jobId: string, cycleId: string): Promise<boolean> {
    return Promise.resolve(this.table.has(`${jobId}|${cycleId}`, COMPLETE));
  }

  add(jobId: string, cycleId: string, users: readonly SlackUser[]): Promise<void> {
    for (const u of users)
      for (const key of snapshotRowKeys(u)) this.table.set(`${jobId}|${cycleId}`, key, cloneJson(u));
    return Promise.resolve();
  }

  complete(jobId: string, cycleId: string): Promise<void> {
    this.table.set(`${jobId}|${cycleId}`, COMPLETE, "");
    const previous = this.table.get(`${jobId}|latest`, "latest");
    this.table.set(`${jobId}|latest`, "latest", cycleId);
    if (typeof previous === "string" && previous !== cycleId) {
      for (const [rowKey] of this.table.partition(`${jobId}|${previous}`))
        this.table.delete(`${jobId}|${previous}`, rowKey);
    }
    return Promise.resolve();
  }

  findByUserName(jobId: string, cycleId: string, userName: string): Promise<SlackUser[]> {
    return Promise.resolve(this.find(`${jobId}|${cycleId}`, snapshotPrefix("u", userName)));
  }

  findByEmail(jobId: string, cycleId: string, email: string): Promise<SlackUser[]> {
    return Promise.resolve(this.find(`${jobId}|${cycleId}`, snapshotPrefix("e", email)));
  }

  private find(pk: string, prefix: string): SlackUser[] {
    return this.table
      .partition(pk)
      .flatMap(([k, u]) => (k.startsWith(prefix) && typeof u !== "string" ? [cloneJson(u)] : []));
  }
}
