/**
 * The incremental derivation of the scope against the full one: after any sequence of changes (members added and
 * removed, groups nested and un-nested, renamed, deleted and restored, groups and users assigned and unassigned), each
 * recorded as the groups round and the cycle start record it (applyGroupItem, assignmentTouches), the scope derived
 * from the touches alone is the scope derived from the whole mirror, user by user and group by group.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ScopeMaterializer } from "../../../shared/engine/ScopeMaterializer";
import type { DeltaItem } from "../../../shared/graph/DeltaPage";
import type { GraphGroupDelta } from "../../../shared/graph/GraphGroup";
import { applyGroupItem } from "../../../shared/scope/applyGroupItem";
import { assignmentTouches } from "../../../shared/scope/assignmentTouches";
import type { ScopeEntry } from "../../../shared/state/ScopeRepository";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";

const GROUPS = ["g0", "g1", "g2", "g3", "g4"];
const USERS = ["u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7"];

type Op =
  | { op: "addUser" | "removeUser"; group: string; user: string }
  | { op: "nest" | "unnest"; group: string; child: string }
  | { op: "rename" | "delete" | "restore" | "assignGroup" | "unassignGroup"; group: string }
  | { op: "assignUser" | "unassignUser"; user: string };

const group = fc.constantFrom(...GROUPS);
const opsOver = (users: readonly string[]): fc.Arbitrary<Op> => {
  const user = fc.constantFrom(...users);
  return fc.oneof(
    fc.record({ op: fc.constantFrom("addUser" as const, "removeUser" as const), group, user }),
    fc.record({ op: fc.constantFrom("nest" as const, "unnest" as const), group, child: group }),
    fc.record({
      op: fc.constantFrom(
        "rename" as const,
        "delete" as const,
        "restore" as const,
        "assignGroup" as const,
        "unassignGroup" as const,
      ),
      group,
    }),
    fc.record({ op: fc.constantFrom("assignUser" as const, "unassignUser" as const), user }),
  );
};
const opArb = opsOver(USERS);

/** A present item of a group with the given member changes (as members@delta reports them). */
function present(
  id: string,
  displayName: string | undefined,
  added: GraphGroupDelta["membersAdded"],
  removed: GraphGroupDelta["membersRemoved"],
): DeltaItem<GraphGroupDelta> {
  return {
    kind: "present",
    object: { id, ...(displayName ? { displayName } : {}), membersAdded: added, membersRemoved: removed },
  };
}

/** Applies one change to the engine's mirror and assignments, recording the touches the production code records. */
async function apply(e: InMemoryEngine, op: Op, step: number): Promise<void> {
  const { ctx } = e;
  if (op.op === "assignUser" || op.op === "unassignUser" || op.op === "assignGroup" || op.op === "unassignGroup") {
    const principalId = "user" in op ? op.user : "group" in op ? op.group : "";
    const entry: ScopeEntry = {
      principalId,
      principalType: "user" in op ? "User" : "Group",
      appRoleId: `role-${step % 2}`,
    };
    await ctx.scopeTouches.record(ctx.jobId, assignmentTouches([entry]));
    if (op.op.startsWith("assign")) await ctx.scope.apply(ctx.jobId, [entry], []);
    else if (await ctx.scope.get(ctx.jobId, principalId)) await ctx.scope.apply(ctx.jobId, [], [principalId]);
    return;
  }
  if (!("group" in op)) return;
  const base = await ctx.groups.get(ctx.jobId, op.group);
  let item: DeltaItem<GraphGroupDelta>;
  switch (op.op) {
    case "addUser":
      item = present(op.group, undefined, [{ id: op.user, type: "user" }], []);
      break;
    case "removeUser":
      item = present(op.group, undefined, [], [{ id: op.user, type: "user" }]);
      break;
    case "nest":
      item = present(op.group, undefined, [{ id: op.child, type: "group" }], []);
      break;
    case "unnest":
      item = present(op.group, undefined, [], [{ id: op.child, type: "group" }]);
      break;
    case "rename":
      item = present(op.group, `${op.group} v${step}`, [], []);
      break;
    case "delete":
      item = { kind: "removed", id: op.group, reason: "deleted" };
      break;
    case "restore":
      item = present(op.group, base?.displayName ?? op.group, [], []);
      break;
  }
  const { group: next, touches } = applyGroupItem(base, item, step + 2, false);
  await ctx.scopeTouches.record(ctx.jobId, touches);
  await ctx.groups.save(ctx.jobId, [next], base ? new Map([[base.groupId, base]]) : new Map());
}

async function seed(e: InMemoryEngine, users: readonly string[] = USERS): Promise<void> {
  const { ctx } = e;
  await ctx.groups.save(
    ctx.jobId,
    GROUPS.map((g, i) => ({
      groupId: g,
      displayName: g,
      round: 1,
      users: new Set(users.filter((_, j) => j % GROUPS.length === i)),
      groups: new Set(i < 2 ? [GROUPS[i + 2] as string] : []),
    })),
    new Map(),
  );
  await ctx.scope.apply(
    ctx.jobId,
    [
      { principalId: "g0", principalType: "Group", appRoleId: "role-0" },
      { principalId: users[7] ?? "u7", principalType: "User", appRoleId: "role-1" },
    ],
    [],
  );
}

/** What the scope is: every user's entry, and the transitive members of every assigned group. */
async function snapshot(e: InMemoryEngine) {
  const { ctx } = e;
  const users = Object.fromEntries([...(await ctx.userScope.list(ctx.jobId))].sort(([a], [b]) => a.localeCompare(b)));
  const assigned = [...(await ctx.scope.list(ctx.jobId)).values()].filter((a) => a.principalType === "Group");
  const members: Record<string, string[]> = {};
  for (const a of assigned.sort((x, y) => x.principalId.localeCompare(y.principalId))) {
    members[a.principalId] = [...(await ctx.groupMembers.list(ctx.jobId, a.principalId))].sort();
  }
  return { users, members };
}

const derive = (e: InMemoryEngine, cycle: number, full: boolean, shardMemberships?: number) =>
  new ScopeMaterializer(e.ctx, shardMemberships === undefined ? {} : { shardMemberships }).run(`cycle-${cycle}`, {
    usersRoundIsFull: false,
    groupsRoundIsFull: full,
    origin: `g${cycle}.0`,
  });

void describe("incremental scope derivation", () => {
  void it("derives, from the touches alone, the scope a full derivation finds (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        async (cycles) => {
          const inc = createInMemoryEngine();
          await seed(inc);
          await derive(inc, 0, true);
          await inc.ctx.scopeTouches.clear(inc.ctx.jobId);
          let step = 0;
          for (const [c, ops] of cycles.entries()) {
            for (const op of ops) await apply(inc, op, step++);
            const result = await derive(inc, c + 1, false);
            assert.equal(result.mode, "incremental");
            await inc.ctx.scopeTouches.clear(inc.ctx.jobId);
            // The same mirror and assignments derived in full, from nothing stored.
            const full = createInMemoryEngine();
            await full.ctx.groups.save(
              full.ctx.jobId,
              [...(await inc.ctx.groups.list(inc.ctx.jobId)).values()],
              new Map(),
            );
            await full.ctx.scope.apply(full.ctx.jobId, [...(await inc.ctx.scope.list(inc.ctx.jobId)).values()], []);
            await derive(full, c + 1, true);
            assert.deepEqual(await snapshot(inc), await snapshot(full), `after cycle ${c + 1}: ${JSON.stringify(ops)}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  void it("a touch recorded twice, or a derivation run twice, changes nothing more (idempotent)", async () => {
    const e = createInMemoryEngine();
    await seed(e);
    await derive(e, 0, true);
    await e.ctx.scopeTouches.clear(e.ctx.jobId);
    await apply(e, { op: "removeUser", group: "g0", user: "u0" }, 1);
    await apply(e, { op: "nest", group: "g0", child: "g1" }, 2);
    await derive(e, 1, false);
    const once = await snapshot(e);
    await derive(e, 1, false); // a re-delivered last page derives again with the same touches
    assert.deepEqual(await snapshot(e), once);
    assert.deepEqual(once.members.g0, ["u1", "u2", "u3", "u5", "u6", "u7"]);
  });

  void it("derives in key ranges what it derives in one, stored state and index included (property)", async () => {
    // Ids spread over the ranges: hexadecimal ones (as Entra's), and others that all fall in the last range.
    const users = ["0a1", "3f2", "7c3", "9d4", "b05", "e96", "u6", "x%7"];
    const indexOf = async (e: InMemoryEngine) => {
      const rows: [string, string[]][] = [];
      for await (const [u, g] of e.ctx.userGroups.list(e.ctx.jobId)) rows.push([u, [...g].sort()]);
      return rows.sort(([a], [b]) => a.localeCompare(b));
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(opsOver(users), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        async (cycles) => {
          const one = createInMemoryEngine();
          const ranged = createInMemoryEngine();
          for (const e of [one, ranged]) await seed(e, users);
          await derive(one, 0, true);
          const first = await derive(ranged, 0, true, 1);
          assert.equal(first.mode, "full");
          let step = 0;
          for (const [c, ops] of cycles.entries()) {
            for (const op of ops) {
              await apply(one, op, step);
              await apply(ranged, op, step++);
            }
            const a = await derive(one, c + 1, true);
            const b = await derive(ranged, c + 1, true, 1);
            assert.deepEqual(
              { entered: b.entered, left: b.left, groupsQueued: b.groupsQueued, derived: b.derived },
              { entered: a.entered, left: a.left, groupsQueued: a.groupsQueued, derived: a.derived },
            );
            assert.deepEqual(
              await snapshot(ranged),
              await snapshot(one),
              `after cycle ${c + 1}: ${JSON.stringify(ops)}`,
            );
            assert.deepEqual(await indexOf(ranged), await indexOf(one));
            assert.equal(await ranged.ctx.userGroups.isComplete(ranged.ctx.jobId), true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
