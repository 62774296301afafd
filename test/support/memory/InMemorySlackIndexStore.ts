import { safeKey } from "../../../shared/state/keys";
import type { SlackIndexStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

/**
 * SlackIndexStore in memory, like SlackIndexRepository: claiming a Slack id is an insert, so the first claimant owns it
 * and every later claim resolves with that owner.
 */
export class InMemorySlackIndexStore implements SlackIndexStore {
  readonly table = new InMemoryTable<string>();

  ownerOf(jobId: string, slackId: string): Promise<string | undefined> {
    return Promise.resolve(this.table.get(jobId, safeKey(slackId)));
  }

  claim(jobId: string, slackId: string, objectId: string): Promise<string> {
    const owner = this.table.get(jobId, safeKey(slackId));
    if (owner !== undefined) return Promise.resolve(owner);
    this.table.set(jobId, safeKey(slackId), objectId);
    return Promise.resolve(objectId);
  }

  transfer(jobId: string, slackId: string, from: string, to: string): Promise<string | undefined> {
    const owner = this.table.get(jobId, safeKey(slackId));
    if (owner !== from) return Promise.resolve(owner);
    this.table.set(jobId, safeKey(slackId), to);
    return Promise.resolve(to);
  }
}
