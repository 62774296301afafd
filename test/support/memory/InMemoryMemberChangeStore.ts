import { MemberChangeRepository } from "../../../shared/state/MemberChangeRepository";
import type { RowTableHooks } from "./InMemoryRowTable";
import { InMemoryRowTable } from "./InMemoryRowTable";

/**
 * MemberChangeStore in memory: the repository itself on an in-memory table with Table Storage's transaction semantics
 * (ETags, 404 on deleting a row that is gone, all or nothing), so the unit tests run the code the app runs.
 */
export class InMemoryMemberChangeStore extends MemberChangeRepository {
  readonly rows: InMemoryRowTable;
  /** For dumpStores: the rows as JSON. */
  readonly table: { dump(): string };

  constructor(hooks: RowTableHooks = {}) {
    const rows = new InMemoryRowTable(hooks);
    super(rows.source);
    this.rows = rows;
    this.table = { dump: () => JSON.stringify(rows.dump()) };
  }

  /** The user ids recorded for a group (one per row, in key order), for assertions. */
  recorded(jobId: string, groupId: string): string[] {
    return this.rows.rows(`${jobId}_${groupId}`).map((r) => String(r.props.userId));
  }
}
