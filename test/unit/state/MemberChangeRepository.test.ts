/**
 * The member-change rows on an in-memory table with Table Storage's semantics: a new row per change, one partition per
 * group, and a removal that deletes exactly the rows a run read (a change recorded meanwhile stays, a row already gone
 * is fine). The same class runs on Azurite in test/integration/state/memberChanges.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemberChangeRepository } from "../../../shared/state/MemberChangeRepository";
import { InMemoryRowTable } from "../../support/memory/InMemoryRowTable";

const JOB = "job-1";

function store(): { table: InMemoryRowTable; changes: MemberChangeRepository } {
  const table = new InMemoryRowTable();
  return { table, changes: new MemberChangeRepository(table.source) };
}

const users = (list: { changes: { userId: string }[] }) => list.changes.map((c) => c.userId);

void describe("MemberChangeRepository", () => {
  void it("records one row per change, in its group's partition; the same user twice is two rows", async () => {
    const { changes } = store();
    await changes.record(JOB, [
      { groupId: "g1", userId: "u2", id: "c1" },
      { groupId: "g2", userId: "u2", id: "c2" },
      { groupId: "g1", userId: "u1", id: "c3" },
      { groupId: "g1", userId: "u2", id: "c4" },
    ]);

    assert.deepEqual(users(await changes.list(JOB, "g1", 10)), ["u1", "u2", "u2"]);
    assert.deepEqual(users(await changes.list(JOB, "g2", 10)), ["u2"]);
    assert.deepEqual(await changes.list(JOB, "g3", 10), { changes: [], more: false });
  });

  void it("lists at most `limit` rows and says when there are more", async () => {
    const { changes } = store();
    await changes.record(
      JOB,
      Array.from({ length: 250 }, (_, i) => ({ groupId: "g1", userId: `u${String(i).padStart(3, "0")}`, id: "x" })),
    );
    const first = await changes.list(JOB, "g1", 200);
    assert.equal(first.changes.length, 200);
    assert.equal(first.more, true);
    const all = await changes.list(JOB, "g1", 250);
    assert.equal(all.more, false);
  });

  void it("removes exactly the rows it was given: a change recorded after the list stays", async () => {
    const { changes } = store();
    await changes.record(JOB, [
      { groupId: "g1", userId: "u1", id: "c1" },
      { groupId: "g1", userId: "u2", id: "c2" },
    ]);
    const read = await changes.list(JOB, "g1", 10);
    await changes.record(JOB, [{ groupId: "g1", userId: "u1", id: "c3" }]); // u1 changed again meanwhile

    await changes.remove(JOB, "g1", read.changes);

    assert.deepEqual(users(await changes.list(JOB, "g1", 10)), ["u1"]);
  });

  void it("a removal repeated after a crash (rows already gone) deletes the others and fails nothing", async () => {
    const { changes } = store();
    await changes.record(
      JOB,
      Array.from({ length: 150 }, (_, i) => ({ groupId: "g1", userId: `u${i}`, id: "c" })),
    );
    const read = await changes.list(JOB, "g1", 1000);
    await changes.remove(JOB, "g1", read.changes.slice(0, 120)); // the crashed run got this far

    await changes.remove(JOB, "g1", read.changes);

    assert.deepEqual(await changes.list(JOB, "g1", 10), { changes: [], more: false });
  });

  void it("keys are safe for Table Storage whatever the ids hold", async () => {
    const { table, changes } = store();
    await changes.record(JOB, [{ groupId: "g/1", userId: "u#1", id: "a?b" }]);
    assert.deepEqual(users(await changes.list(JOB, "g/1", 10)), ["u#1"]);
    const keys = table.dump().map((r) => `${r.partitionKey} ${r.rowKey}`);
    assert.deepEqual(keys, ["job-1_g%2f1 u%231|a%3fb"]);
  });
});
