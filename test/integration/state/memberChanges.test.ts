/**
 * The member-change rows and the group-membership point reads against Azurite: what a member-change run reads and
 * deletes costs the number of changes, and a change recorded after a run's read survives that run's delete.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { GroupScopeMembersRepository } from "../../../shared/state/GroupScopeMembersRepository";
import { MemberChangeRepository } from "../../../shared/state/MemberChangeRepository";
import { tablePartitions } from "../../../shared/state/TablePartitionRows";
import type { TableProvider } from "../../../shared/state/TableProvider";
import { TABLES } from "../../../shared/state/tableNames";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const JOB = "job-it";

void describe("member changes against Azurite", () => {
  let tables: TableProvider;
  let changes: MemberChangeRepository;
  before(async () => {
    tables = azuriteTables((await azurite.ready()).connectionString);
    changes = new MemberChangeRepository(tablePartitions(tables, TABLES.groupMemberChanges));
  });

  void it("records, lists by group and deletes exactly the rows read (a later change of the same user stays)", async () => {
    const users = Array.from({ length: 230 }, (_, i) => `user-${String(i).padStart(3, "0")}`);
    await changes.record(JOB, [
      ...users.map((userId, i) => ({ groupId: "g-big", userId, id: `c${i}` })),
      { groupId: "g-other", userId: "user-000", id: "o1" },
    ]);
    const first = await changes.list(JOB, "g-big", 200);
    assert.equal(first.changes.length, 200);
    assert.equal(first.more, true);
    const all = await changes.list(JOB, "g-big", 1000);
    assert.deepEqual(
      all.changes.map((c) => c.userId),
      users,
    );
    await changes.record(JOB, [{ groupId: "g-big", userId: "user-007", id: "again" }]);

    await changes.remove(JOB, "g-big", all.changes);

    assert.deepEqual(
      (await changes.list(JOB, "g-big", 1000)).changes.map((c) => c.userId),
      ["user-007"],
    );
    assert.equal((await changes.list(JOB, "g-other", 10)).changes.length, 1, "another group's rows are untouched");
  });

  void it("a delete repeated after a crash (some rows gone) takes the rest and fails nothing", async () => {
    await changes.record(
      JOB,
      Array.from({ length: 150 }, (_, i) => ({ groupId: "g-crash", userId: `u${i}`, id: "x" })),
    );
    const read = await changes.list(JOB, "g-crash", 1000);
    await changes.remove(JOB, "g-crash", read.changes.slice(0, 130));

    await changes.remove(JOB, "g-crash", read.changes);

    assert.deepEqual(await changes.list(JOB, "g-crash", 10), { changes: [], more: false });
  });

  void it("group membership: which of the named users are members, by point reads", async () => {
    const members = new GroupScopeMembersRepository(tables);
    await members.apply(JOB, "g-m", ["a", "b", "c"], []);

    assert.deepEqual([...(await members.contains(JOB, "g-m", ["c", "x", "a", "a"]))].sort(), ["a", "c"]);
    assert.deepEqual([...(await members.contains(JOB, "g-none", ["a"]))], []);
  });
});
