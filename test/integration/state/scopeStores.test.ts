/**
 * The stores behind the incremental scope, against Azurite: the groups' structure read without their user columns
 * (large groups continue on more rows), each user's direct-groups index, and the touches (one row per key, cleared
 * even when a clear runs twice).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { GroupRepository } from "../../../shared/state/GroupRepository";
import { GroupScopeMembersRepository } from "../../../shared/state/GroupScopeMembersRepository";
import { keyRanges } from "../../../shared/state/keyRanges";
import { UserScopeRepository } from "../../../shared/state/UserScopeRepository";
import { ScopeTouchRepository } from "../../../shared/state/ScopeTouchRepository";
import type { TableProvider } from "../../../shared/state/TableProvider";
import { UserGroupIndexRepository } from "../../../shared/state/UserGroupIndexRepository";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

void describe("scope stores against Azurite", () => {
  let tables: TableProvider;
  before(async () => {
    const { connectionString } = await azurite.ready();
    tables = azuriteTables(connectionString);
  });

  void it("GroupRepository.structure: names, deletions and nested groups over continuation rows, no users", async () => {
    const groups = new GroupRepository(tables);
    const many = Array.from({ length: 1_700 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`);
    await groups.save(
      "job-s",
      [
        { groupId: "big", displayName: "Big", round: 1, users: new Set(many), groups: new Set(["sub"]) },
        { groupId: "sub", displayName: "Sub", round: 1, users: new Set(["u1"]), groups: new Set() },
        { groupId: "gone", removed: "deleted", round: 1, users: new Set(["u2"]), groups: new Set(["sub"]) },
      ],
      new Map(),
    );
    const structure = await groups.structure("job-s");
    assert.deepEqual(
      [...structure.values()].sort((a, b) => a.groupId.localeCompare(b.groupId)),
      [
        { groupId: "big", displayName: "Big", groups: new Set(["sub"]) },
        { groupId: "gone", removed: "deleted", groups: new Set(["sub"]) },
        { groupId: "sub", displayName: "Sub", groups: new Set() },
      ],
    );
    assert.equal((await groups.get("job-s", "big"))?.users.size, 1_700, "the members are still all there");
  });

  void it("GroupRepository.entries: one group at a time, continuation rows joined", async () => {
    const groups = new GroupRepository(tables);
    const many = Array.from({ length: 2_500 }, (_, i) => `a0000000-0000-0000-0000-${String(i).padStart(12, "0")}`);
    await groups.save(
      "job-e",
      [
        { groupId: "big", displayName: "Big", round: 2, users: new Set(many), groups: new Set(["small"]) },
        { groupId: "small", round: 2, users: new Set(["u1"]), groups: new Set() },
      ],
      new Map(),
    );
    const read = async () => {
      const seen: [string, number, number][] = [];
      for await (const g of groups.entries("job-e")) seen.push([g.groupId, g.users.size, g.round]);
      return seen;
    };
    assert.deepEqual(await read(), [
      ["big", 2_500, 2],
      ["small", 1, 2],
    ]);
    // A shorter save whose clean-up never ran (no `previous`) leaves the rows of parts 2 and 3 behind: not the group's.
    await groups.save(
      "job-e",
      [{ groupId: "big", round: 3, users: new Set(many.slice(0, 900)), groups: new Set() }],
      new Map(),
    );
    assert.deepEqual(await read(), [
      ["big", 900, 3],
      ["small", 1, 2],
    ]);
    assert.equal((await groups.list("job-e")).get("big")?.users.size, 900);
    assert.equal((await groups.get("job-e", "big"))?.users.size, 900);
  });

  void it("the scope stores read by key range: the ranges together give every row once", async () => {
    const ids = [
      ...Array.from(
        { length: 60 },
        (_, i) => `${(i * 4_409).toString(16).padStart(8, "0")}-0000-0000-0000-000000000000`,
      ),
      "user/with#odd?chars",
      "Zed",
      "~tilde",
      "é-accent",
    ];
    const scope = new UserScopeRepository(tables);
    await scope.apply(
      "job-r",
      ids.map((userId) => ({ userId, direct: true, viaGroups: [], paths: ["assigned directly"] })),
      [],
    );
    const index = new UserGroupIndexRepository(tables);
    await index.put("job-r", new Map(ids.map((id) => [id, new Set(["g1"])])));
    await index.markComplete("job-r");
    const members = new GroupScopeMembersRepository(tables);
    await members.apply("job-r", "g1", ids, []);
    for (const count of [1, 3, 7]) {
      const fromScope: string[] = [];
      const fromIndex: string[] = [];
      const fromMembers: string[] = [];
      for (const range of keyRanges(count)) {
        for await (const e of scope.entries("job-r", range)) fromScope.push(e.userId);
        for await (const [u] of index.list("job-r", range)) fromIndex.push(u);
        fromMembers.push(...(await members.list("job-r", "g1", range)));
      }
      const all = [...ids].sort();
      assert.deepEqual([...fromScope].sort(), all, `scope in ${count} ranges`);
      assert.deepEqual([...fromIndex].sort(), all, `index in ${count} ranges`);
      assert.deepEqual([...fromMembers].sort(), all, `members in ${count} ranges`);
    }
  });

  void it("UserGroupIndexRepository: rows per user, an empty set deletes (twice is fine), completeness mark", async () => {
    const index = new UserGroupIndexRepository(tables);
    assert.equal(await index.isComplete("job-i"), false);
    await index.put(
      "job-i",
      new Map([
        ["u1", new Set(["g1", "g2"])],
        ["u2", new Set(["g1"])],
      ]),
    );
    await index.markComplete("job-i");
    assert.equal(await index.isComplete("job-i"), true);
    assert.deepEqual(
      await index.getMany("job-i", ["u1", "u2", "u3"]),
      new Map([
        ["u1", new Set(["g1", "g2"])],
        ["u2", new Set(["g1"])],
      ]),
    );
    await index.put("job-i", new Map([["u2", new Set<string>()]]));
    await index.put("job-i", new Map([["u2", new Set<string>()]]));
    const listed = new Map<string, Set<string>>();
    for await (const [u, g] of index.list("job-i")) listed.set(u, g);
    assert.deepEqual(listed, new Map([["u1", new Set(["g1", "g2"])]]), "the completeness mark is not a user");
  });

  void it("ScopeTouchRepository: the last operation of an edge wins; clear twice at once leaves nothing", async () => {
    const touches = new ScopeTouchRepository(tables);
    await touches.record("job-t", [
      { kind: "edge", userId: "u1", groupId: "g1", op: "add" },
      { kind: "below", groupId: "g2" },
      { kind: "user", userId: "u9" },
    ]);
    await touches.record("job-t", [{ kind: "edge", userId: "u1", groupId: "g1", op: "remove" }]);
    const listed = await touches.list("job-t");
    assert.deepEqual(listed.edges, [{ userId: "u1", groupId: "g1", op: "remove" }]);
    assert.deepEqual(listed.below, new Set(["g2"]));
    assert.deepEqual(listed.users, new Set(["u9"]));
    await Promise.all([touches.clear("job-t"), touches.clear("job-t")]);
    const after = await touches.list("job-t");
    assert.equal(after.edges.length + after.below.size + after.users.size, 0);
  });
});
