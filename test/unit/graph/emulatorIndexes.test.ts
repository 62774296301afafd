/**
 * The Graph emulator pages from indexes (ids kept sorted between changes, assignments in creation order with each
 * principal's at hand, a delta round's changes folded once). These properties hold each page to a brute-force
 * reference kept beside the store, over random sequences of user, group and assignment changes with pages read in
 * between (and, for users/delta and appRoleAssignedTo, changes between the pages of one walk).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { AdminError } from "../../../dev/graph-emulator/AdminError";
import { DirectoryStore } from "../../../dev/graph-emulator/DirectoryStore";
import { computeGroupsDeltaPage } from "../../../dev/graph-emulator/groupsDelta";
import { indexAfter } from "../../../dev/graph-emulator/indexAfter";
import { summarizeChanges } from "../../../dev/graph-emulator/summarizeChanges";
import { computeUsersDeltaPage } from "../../../dev/graph-emulator/usersDelta";

const ROLES = ["00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"];
const UNKNOWN_GROUP = "ffffffff-ffff-ffff-ffff-ffffffffffff";
const USER_SELECT = ["displayName", "userPrincipalName"];

/** A GUID from a number, in no particular order (so id order is not creation order). */
function guid(n: number): string {
  const h = createHash("md5").update(String(n)).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

type Op =
  | { kind: "createUser" }
  | { kind: "softDeleteUser" | "restoreUser" | "purgeUser" | "renameUser"; user: number }
  | { kind: "createGroup"; unified: boolean; members: number[] }
  | { kind: "deleteGroup" | "restoreGroup" | "purgeGroup" | "renameGroup"; group: number }
  | { kind: "assign"; toGroup: boolean; principal: number; role: number }
  | { kind: "unassign"; toGroup: boolean; principal: number }
  | { kind: "usersDeltaWalk"; pageSize: number; changes: Op[]; ids: number[] | undefined }
  | { kind: "usersRoundWalk"; since: number; pageSize: number; changes: Op[] }
  | { kind: "groupsDeltaWalk"; pageSize: number; linksPerPage: number; since: number | undefined }
  | { kind: "assignmentsWalk"; limit: number; cursor: number; changes: Op[] };

const pick = fc.nat({ max: 30 });
const change: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: "createUser" as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "softDeleteUser" as const,
        "restoreUser" as const,
        "purgeUser" as const,
        "renameUser" as const,
      ),
      user: pick,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("createGroup" as const),
      unified: fc.boolean(),
      members: fc.array(pick, { maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "deleteGroup" as const,
        "restoreGroup" as const,
        "purgeGroup" as const,
        "renameGroup" as const,
      ),
      group: pick,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("assign" as const),
      toGroup: fc.boolean(),
      principal: pick,
      role: fc.nat({ max: 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("unassign" as const), toGroup: fc.boolean(), principal: pick }),
  },
);
const changes = fc.array(change, { maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: change },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("usersDeltaWalk" as const),
      pageSize: fc.integer({ min: 1, max: 4 }),
      changes,
      ids: fc.option(fc.array(pick, { maxLength: 4 }), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("usersRoundWalk" as const),
      since: fc.nat(),
      pageSize: fc.integer({ min: 1, max: 4 }),
      changes,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("groupsDeltaWalk" as const),
      pageSize: fc.integer({ min: 1, max: 3 }),
      linksPerPage: fc.integer({ min: 1, max: 3 }),
      since: fc.option(fc.nat(), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("assignmentsWalk" as const),
      limit: fc.integer({ min: 1, max: 4 }),
      cursor: fc.nat({ max: 20 }),
      changes,
    }),
  },
);

interface ModelAssignment {
  id: string;
  seq: number;
  principalId: string;
  principalType: "User" | "Group";
  appRoleId: string;
}

/** What the store should hold, kept by brute force: states by id, assignments in a list. */
class Model {
  readonly users = new Map<string, "live" | "soft">();
  readonly groups = new Map<string, { live: boolean; unified: boolean }>();
  assignments: ModelAssignment[] = [];
  private created = 0;
  private seq = 0;

  constructor(readonly store: DirectoryStore) {}

  userAt(n: number): string | undefined {
    const ids = [...this.users.keys()];
    return ids[n % Math.max(1, ids.length)];
  }

  groupAt(n: number): string {
    const ids = [...this.groups.keys()];
    return n === 30 ? UNKNOWN_GROUP : (ids[n % Math.max(1, ids.length)] ?? UNKNOWN_GROUP);
  }

  sortedLiveUsers(): string[] {
    return [...this.users]
      .filter(([, s]) => s === "live")
      .map(([id]) => id)
      .sort();
  }

  visible(a: ModelAssignment): boolean {
    if (a.principalType === "User") return this.users.get(a.principalId) === "live";
    return this.groups.get(a.principalId)?.live !== false;
  }

  /** Applies a change to the store and, when the store accepted it, to the model; checks what the model can tell. */
  apply(o: Op): void {
    const s = this.store;
    const attempt = (run: () => void): boolean => {
      try {
        run();
        return true;
      } catch (e) {
        if (e instanceof AdminError) return false;
        throw e;
      }
    };
    switch (o.kind) {
      case "createUser": {
        const id = guid(this.created++);
        s.createUser({ id, userPrincipalName: `${id.slice(0, 8)}@contoso.example` });
        this.users.set(id, "live");
        return;
      }
      case "softDeleteUser":
      case "restoreUser":
      case "purgeUser":
      case "renameUser": {
        const id = this.userAt(o.user);
        if (id === undefined) return;
        const state = this.users.get(id);
        if (o.kind === "renameUser") {
          assert.equal(
            attempt(() => s.updateUser(id, { displayName: `renamed ${this.created++}` })),
            state === "live",
          );
        } else if (o.kind === "softDeleteUser") {
          assert.equal(
            attempt(() => s.softDeleteUser(id)),
            state === "live",
          );
          this.users.set(id, "soft");
        } else if (o.kind === "restoreUser") {
          assert.equal(
            attempt(() => s.restoreUser(id)),
            state === "soft",
          );
          this.users.set(id, "live");
        } else {
          s.purgeUser(id);
          this.users.delete(id);
          this.assignments = this.assignments.filter((a) => a.principalId !== id);
        }
        return;
      }
      case "createGroup": {
        const id = guid(this.created++);
        const members = [...new Set(o.members.map((n) => this.userAt(n)))].filter(
          (m): m is string => m !== undefined && this.users.get(m) === "live",
        );
        s.createGroup({ id, displayName: `G ${id.slice(0, 4)}`, groupTypes: o.unified ? ["Unified"] : [], members });
        this.groups.set(id, { live: true, unified: o.unified });
        return;
      }
      case "deleteGroup":
      case "restoreGroup":
      case "purgeGroup":
      case "renameGroup": {
        const id = this.groupAt(o.group);
        const g = this.groups.get(id);
        if (g === undefined) return;
        if (o.kind === "renameGroup") {
          assert.equal(
            attempt(() => s.updateGroup(id, { displayName: `renamed ${this.created++}` })),
            g.live,
          );
        } else if (o.kind === "restoreGroup") {
          assert.equal(
            attempt(() => s.restoreGroup(id)),
            !g.live,
          );
          g.live = true;
        } else if (o.kind === "deleteGroup" && g.unified && g.live) {
          assert.equal(s.deleteGroup(id), "changed");
          g.live = false;
        } else {
          if (o.kind === "deleteGroup") assert.equal(s.deleteGroup(id), "deleted");
          else s.purgeGroup(id);
          this.groups.delete(id);
          this.assignments = this.assignments.filter((a) => a.principalId !== id);
        }
        return;
      }
      case "assign": {
        const principalId = o.toGroup ? this.groupAt(o.principal) : this.userAt(o.principal);
        if (principalId === undefined) return;
        const appRoleId = ROLES[o.role] ?? "";
        const principalType = o.toGroup ? "Group" : "User";
        const acceptable =
          (o.toGroup ? this.groups.get(principalId)?.live !== false : this.users.get(principalId) === "live") &&
          !this.assignments.some((a) => a.principalId === principalId && a.appRoleId === appRoleId);
        let id = "";
        assert.equal(
          attempt(() => (id = s.assign({ principalId, principalType, appRoleId }).id)),
          acceptable,
          `assign ${principalType}`,
        );
        if (acceptable) this.assignments.push({ id, seq: ++this.seq, principalId, principalType, appRoleId });
        return;
      }
      case "unassign": {
        const principalId = o.toGroup ? this.groupAt(o.principal) : this.userAt(o.principal);
        if (principalId === undefined) return;
        const mine = this.assignments.filter((a) => a.principalId === principalId).length;
        let n = 0;
        assert.equal(
          attempt(() => (n = s.unassign(principalId))),
          mine > 0,
        );
        assert.equal(n, mine);
        this.assignments = this.assignments.filter((a) => a.principalId !== principalId);
        return;
      }
      default:
        return;
    }
  }
}

/** users/delta, first round, page by page, each page against the model at that moment; changes between pages. */
function usersDeltaWalk(model: Model, o: Extract<Op, { kind: "usersDeltaWalk" }>): void {
  const upTo = model.store.log.latestSeq;
  const filterIds = o.ids?.map((n) => model.userAt(n) ?? guid(-1));
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    const live = model.sortedLiveUsers().filter((id) => filterIds === undefined || filterIds.includes(id));
    const after = cursor;
    const rest = after === undefined ? live : live.filter((id) => id > after);
    const got = computeUsersDeltaPage(
      model.store,
      { since: 0, upTo, initial: true, select: USER_SELECT, cursor, ...(filterIds ? { ids: filterIds } : {}) },
      o.pageSize,
      false,
    );
    assert.deepEqual(
      got.items.map((i) => i.id),
      rest.slice(0, o.pageSize),
      `users/delta page ${page}`,
    );
    assert.equal(got.more, rest.length > o.pageSize);
    if (!got.more) return;
    cursor = got.cursor;
    const next = o.changes[page];
    if (next) model.apply(next);
  }
}

/** users/delta, a later round: the changed users in id order, with changes between pages (they do not move the round). */
function usersRoundWalk(model: Model, o: Extract<Op, { kind: "usersRoundWalk" }>): void {
  const upTo = model.store.log.latestSeq;
  const since = o.since % (upTo + 1);
  const expected = [...summarizeChanges(model.store, "users", "manager", since, upTo).keys()].sort();
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    const got = computeUsersDeltaPage(
      model.store,
      { since, upTo, initial: false, select: USER_SELECT, cursor },
      o.pageSize,
      false,
    );
    const rest = expected.filter((id) => cursor === undefined || id > cursor);
    assert.equal(got.more, rest.length > o.pageSize);
    seen.push(...got.items.map((i) => String(i.id)));
    if (!got.more) break;
    cursor = got.cursor;
    const next = o.changes[page];
    if (next) model.apply(next);
  }
  // Every change here is selected (created, renamed, deleted, restored, purged): each changed user comes once.
  assert.deepEqual(seen, expected);
}

/** groups/delta with members: live groups in id order, each with all its members in id order across pages. */
function groupsDeltaWalk(model: Model, o: Extract<Op, { kind: "groupsDeltaWalk" }>): void {
  const s = model.store;
  const upTo = s.log.latestSeq;
  const initial = o.since === undefined;
  const since = initial ? 0 : (o.since ?? 0) % (upTo + 1);
  const select = ["displayName", "members"];
  const seen = new Map<string, string[]>();
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 10_000, "groups/delta ends");
    const got = computeGroupsDeltaPage(
      s,
      { since, upTo, initial, select, cursor },
      { pageSize: o.pageSize, linksPerPage: o.linksPerPage },
      false,
    );
    for (const item of got.items) {
      const id = String(item.id);
      const links = (item["members@delta"] as { id: string; "@removed"?: unknown }[] | undefined) ?? [];
      seen.set(id, [...(seen.get(id) ?? []), ...links.map((l) => (l["@removed"] ? `-${l.id}` : l.id))]);
    }
    if (!got.more) break;
    cursor = got.cursor;
  }
  if (initial) {
    const live = [...model.groups].filter(([, g]) => g.live).map(([id]) => id);
    assert.deepEqual([...seen.keys()], live.sort());
    for (const [id, members] of seen) {
      assert.deepEqual(
        members,
        s.groups
          .getView(id)
          .members.map((m) => m.id)
          .sort(),
        `members of ${id}`,
      );
    }
  } else {
    const summaries = summarizeChanges(s, "groups", "members", since, upTo);
    // Every change here is selected (created, renamed, members, deleted, restored, purged): each changed group comes.
    assert.deepEqual([...seen.keys()], [...summaries.keys()].sort(), "later round: the changed groups, in id order");
    for (const [id, members] of seen) {
      const g = s.groups.byId(id);
      const summary = summaries.get(id);
      const expected =
        !g || g.deletedDateTime !== null
          ? []
          : summary?.createdOrRestored
            ? [...g.members.keys()].sort()
            : [...(summary?.links ?? [])]
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                .map(([m, l]) => (l.op === "remove" ? `-${m}` : m));
      assert.deepEqual(members, expected, `later round: members@delta of ${id}`);
    }
  }
}

/** appRoleAssignedTo page by page against the model at that moment; changes between pages. */
function assignmentsWalk(model: Model, o: Extract<Op, { kind: "assignmentsWalk" }>): void {
  let cursor = o.cursor;
  for (let page = 0; ; page++) {
    const rest = model.assignments.filter((a) => a.seq > cursor && model.visible(a));
    const got = model.store.assignmentsAfter(cursor, o.limit);
    const want = rest.slice(0, o.limit);
    assert.deepEqual(
      got.items.map((a) => a.id),
      want.map((a) => a.id),
      `appRoleAssignedTo page ${page} after ${cursor}`,
    );
    assert.equal(got.last, want[want.length - 1]?.seq ?? cursor);
    assert.equal(got.more, rest.length > o.limit);
    for (const a of got.items) {
      const name =
        a.principalType === "User"
          ? model.store.userById(a.principalId)?.properties.displayName
          : model.store.groups.byId(a.principalId)?.properties.displayName;
      assert.equal(a.principalDisplayName, name ?? null, "principalDisplayName follows renames");
    }
    if (!got.more) return;
    cursor = got.last;
    const next = o.changes[page];
    if (next) model.apply(next);
  }
}

void describe("Graph emulator indexes", () => {
  void it("page delta rounds and appRoleAssignedTo as a brute-force reference does, over random changes", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60, size: "max" }), (ops) => {
        const model = new Model(new DirectoryStore("00000000-0000-0000-0000-0000000000aa"));
        for (const o of ops) {
          if (o.kind === "usersDeltaWalk") usersDeltaWalk(model, o);
          else if (o.kind === "usersRoundWalk") usersRoundWalk(model, o);
          else if (o.kind === "groupsDeltaWalk") groupsDeltaWalk(model, o);
          else if (o.kind === "assignmentsWalk") assignmentsWalk(model, o);
          else model.apply(o);
          assert.deepEqual(
            model.store.allUsers().map((u) => u.id),
            [...model.users.keys()].sort(),
            "allUsers: every user, in id order",
          );
          assert.deepEqual(model.store.liveUserIds(), model.sortedLiveUsers(), "live users, in id order");
        }
      }),
      {
        numRuns: 150,
        examples: [
          // Found by a run: a user deleted in the round's window and restored between its pages must still come once.
          [
            [
              { kind: "createUser" },
              { kind: "createUser" },
              { kind: "softDeleteUser", user: 0 },
              { kind: "usersRoundWalk", since: 120797825, pageSize: 1, changes: [{ kind: "restoreUser", user: 0 }] },
              { kind: "softDeleteUser", user: 0 },
            ] as Op[],
          ],
        ],
      },
    );
  });

  void it("indexAfter finds where the ids after one begin, as a filter of the sorted list does", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 3 })),
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        (ids, after, inclusive) => {
          const sorted = [...ids].sort();
          const rest = sorted.filter((id) => id > after || (inclusive && id === after));
          assert.deepEqual(sorted.slice(indexAfter(sorted, after, inclusive)), rest);
        },
      ),
    );
  });
});
