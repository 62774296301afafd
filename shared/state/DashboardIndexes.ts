import type { ActivityRecord } from "./ActivityRecord";
import type { AttentionEntry } from "./attention/AttentionEntry";
import { AttentionIndex } from "./attention/AttentionIndex";
import type { CycleSummary } from "./cycles/CycleSummary";
import { CycleHistory } from "./cycles/CycleHistory";
import type { PartitionSource } from "./PartitionRows";
import { PeopleIndex } from "./people/PeopleIndex";
import type { PersonHit } from "./people/PersonHit";

/** Where the dashboard's three indexes keep their rows (Table Storage, or memory in tests). */
export interface DashboardIndexSources {
  attention: PartitionSource;
  people: PartitionSource;
  cycles: PartitionSource;
}

/**
 * The dashboard's reads of the activity log, kept as records are appended: the standing attention list, the people
 * search and the cycle history. An activity store extends it and calls `noteForDashboard` after storing a record, so
 * the Table adapter and the in-memory one share the same indexes and the same reads.
 */
export abstract class DashboardIndexes {
  private readonly attentionIndex: AttentionIndex;
  private readonly people: PeopleIndex;
  private readonly history: CycleHistory;

  protected constructor(sources: DashboardIndexSources) {
    this.attentionIndex = new AttentionIndex(sources.attention);
    this.people = new PeopleIndex(sources.people);
    this.history = new CycleHistory(sources.cycles);
  }

  /** Each idempotent: a retried append writes the same rows again. */
  protected async noteForDashboard(record: ActivityRecord): Promise<void> {
    await Promise.all([this.attentionIndex.note(record), this.people.note(record)]);
  }

  attention(jobId: string, limit: number): Promise<{ entries: AttentionEntry[]; more: boolean }> {
    return this.attentionIndex.list(jobId, limit);
  }

  attentionOf(jobId: string, objectType: "User" | "Group", objectId: string): Promise<AttentionEntry | undefined> {
    return this.attentionIndex.get(jobId, objectType, objectId);
  }

  searchPeople(jobId: string, query: string, limit: number): Promise<PersonHit[]> {
    return this.people.search(jobId, query, limit);
  }

  recordCycle(summary: CycleSummary): Promise<void> {
    return this.history.record(summary);
  }

  cycles(jobId: string, limit: number): Promise<CycleSummary[]> {
    return this.history.list(jobId, limit);
  }
}
