import { safeKey } from "../../../shared/state/keys";
import type { UserNameIndexStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

/** UserNameIndexStore in memory, like UserNameIndexRepository: the last writer of a userName owns it. */
export class InMemoryUserNameIndexStore implements UserNameIndexStore {
  readonly table = new InMemoryTable<string>();

  ownerOf(jobId: string, slackUserName: string): Promise<string | undefined> {
    return Promise.resolve(this.table.get(jobId, safeKey(slackUserName)));
  }

  record(jobId: string, entries: readonly { slackUserName: string; objectId: string }[]): Promise<void> {
    const unique = new Map(entries.map((e) => [e.slackUserName, e.objectId]));
    return this.table.submit(
      jobId,
      [...unique].map(([name, objectId]) => ({ upsert: safeKey(name), value: objectId })),
    );
  }
}
