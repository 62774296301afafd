import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { GroupScopeChange, GroupScopeDelta, ScopeAssignments } from "../../../shared/scope/groups";
import {
  assignmentPathsOf,
  formatPath,
  fromMembershipRows,
  GroupScope,
  MembershipGraph,
  toMembershipRows,
} from "../../../shared/scope/groups";

type Edge = [group: string, member: string];

/** Groups are "G…", users anything else. */
function graphOf(edges: Edge[]): MembershipGraph {
  const g = new MembershipGraph();
  for (const [group, member] of edges) {
    g.addMember(group, { id: member, type: member.startsWith("G") ? "group" : "user" });
  }
  return g;
}

const assigned = (groups: string[], users: string[] = []): ScopeAssignments => ({
  groups: new Set(groups),
  users: new Set(users),
});

void describe("assignment paths", () => {
  const cases: { name: string; edges: Edge[]; a: ScopeAssignments; user: string; paths: string[][] }[] = [
    { name: "direct assignment only", edges: [], a: assigned([], ["u1"]), user: "u1", paths: [[]] },
    { name: "one assigned group", edges: [["GSales", "u1"]], a: assigned(["GSales"]), user: "u1", paths: [["GSales"]] },
    {
      name: "nested three levels",
      edges: [
        ["GSales", "GEmea"],
        ["GEmea", "GDach"],
        ["GDach", "u1"],
      ],
      a: assigned(["GSales"]),
      user: "u1",
      paths: [["GSales", "GEmea", "GDach"]],
    },
    {
      name: "direct and via two groups",
      edges: [
        ["GSales", "u1"],
        ["GOps", "GTeam"],
        ["GTeam", "u1"],
      ],
      a: assigned(["GSales", "GOps"], ["u1"]),
      user: "u1",
      paths: [[], ["GOps", "GTeam"], ["GSales"]],
    },
    {
      name: "a nesting cycle terminates and yields simple paths",
      edges: [
        ["GA", "GB"],
        ["GB", "GC"],
        ["GC", "GA"],
        ["GC", "u1"],
      ],
      a: assigned(["GA"]),
      user: "u1",
      paths: [["GA", "GB", "GC"]],
    },
    {
      name: "an unassigned group gives nothing",
      edges: [["GAlumni", "u1"]],
      a: assigned(["GSales"]),
      user: "u1",
      paths: [],
    },
    {
      name: "assigned groups inside each other give both paths",
      edges: [
        ["GSales", "GEmea"],
        ["GEmea", "u1"],
      ],
      a: assigned(["GSales", "GEmea"]),
      user: "u1",
      paths: [["GEmea"], ["GSales", "GEmea"]],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(assignmentPathsOf(graphOf(c.edges), c.a, c.user), c.paths));
  }

  void it("formats a path with names", () => {
    const names = new Map([
      ["GSales", "Sales"],
      ["GEmea", "EMEA Sales"],
    ]);
    assert.equal(
      formatPath(["GSales", "GEmea"], "Ada", (id) => names.get(id)),
      "Sales → EMEA Sales → Ada",
    );
    assert.equal(
      formatPath([], "Ada", () => undefined),
      "direct → Ada",
    );
  });

  void it("caps the paths per user but never loses scope", () => {
    // 2^8 diamond paths from GTop to u1.
    const edges: Edge[] = [];
    let prev = ["GTop"];
    for (let level = 0; level < 8; level++) {
      const next = [`GL${level}a`, `GL${level}b`];
      for (const p of prev) for (const n of next) edges.push([p, n]);
      prev = next;
    }
    for (const p of prev) edges.push([p, "u1"]);
    const paths = assignmentPathsOf(graphOf(edges), assigned(["GTop"]), "u1", 10);
    assert.equal(paths.length, 10);
    assert.ok(paths.every((p) => p[0] === "GTop"));
  });
});

void describe("GroupScope.apply (table)", () => {
  const base: Edge[] = [
    ["GSales", "GEmea"],
    ["GEmea", "u1"],
    ["GSales", "u2"],
    ["GAlumni", "u3"],
  ];
  const cases: { name: string; change: GroupScopeChange; expected: GroupScopeDelta }[] = [
    {
      name: "user added to a nested group enters",
      change: { kind: "memberAdded", groupId: "GEmea", member: { id: "u3", type: "user" } },
      expected: { entered: ["u3"], left: [], pathsChanged: [] },
    },
    {
      name: "nested group removed: its users leave",
      change: { kind: "memberRemoved", groupId: "GSales", member: { id: "GEmea", type: "group" } },
      expected: { entered: [], left: ["u1"], pathsChanged: [] },
    },
    {
      name: "an unassigned group nested under an assigned one brings its users in",
      change: { kind: "memberAdded", groupId: "GEmea", member: { id: "GAlumni", type: "group" } },
      expected: { entered: ["u3"], left: [], pathsChanged: [] },
    },
    {
      name: "a directly assigned user keeps scope when its group path goes; paths change",
      change: { kind: "memberRemoved", groupId: "GSales", member: { id: "u2", type: "user" } },
      expected: { entered: [], left: [], pathsChanged: ["u2"] },
    },
    {
      name: "group deleted",
      change: { kind: "groupDeleted", groupId: "GSales" },
      expected: { entered: [], left: ["u1"], pathsChanged: ["u2"] },
    },
    {
      name: "group assigned",
      change: { kind: "groupAssigned", groupId: "GAlumni" },
      expected: { entered: ["u3"], left: [], pathsChanged: [] },
    },
    {
      name: "nested group assigned too: extra path",
      change: { kind: "groupAssigned", groupId: "GEmea" },
      expected: { entered: [], left: [], pathsChanged: ["u1"] },
    },
    {
      name: "group unassigned",
      change: { kind: "groupUnassigned", groupId: "GSales" },
      expected: { entered: [], left: ["u1"], pathsChanged: ["u2"] },
    },
    {
      name: "user unassigned while still in a group: paths change only",
      change: { kind: "userUnassigned", userId: "u2" },
      expected: { entered: [], left: [], pathsChanged: ["u2"] },
    },
    {
      name: "user assigned directly",
      change: { kind: "userAssigned", userId: "u9" },
      expected: { entered: ["u9"], left: [], pathsChanged: [] },
    },
    {
      name: "a cycle edge changes nothing for scope",
      change: { kind: "memberAdded", groupId: "GEmea", member: { id: "GSales", type: "group" } },
      expected: { entered: [], left: [], pathsChanged: [] },
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const scope = GroupScope.compute(graphOf(base), assigned(["GSales"], ["u2"]));
      assert.deepEqual(scope.usersInScope(), ["u1", "u2"]);
      assert.deepEqual(scope.apply(c.change), c.expected);
    });
  }
});

// ---- property tests -------------------------------------------------------------------------------------------

const GROUPS = ["G0", "G1", "G2", "G3", "G4", "G5"];
const USERS = ["u0", "u1", "u2", "u3", "u4", "u5", "u6"];

const memberArb = fc.oneof(
  fc.constantFrom(...USERS).map((id) => ({ id, type: "user" as const })),
  fc.constantFrom(...GROUPS).map((id) => ({ id, type: "group" as const })),
);
const changeArb: fc.Arbitrary<GroupScopeChange> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("memberAdded" as const),
      groupId: fc.constantFrom(...GROUPS),
      member: memberArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("memberRemoved" as const),
      groupId: fc.constantFrom(...GROUPS),
      member: memberArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("groupDeleted" as const), groupId: fc.constantFrom(...GROUPS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("groupAssigned" as const), groupId: fc.constantFrom(...GROUPS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("groupUnassigned" as const), groupId: fc.constantFrom(...GROUPS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("userAssigned" as const), userId: fc.constantFrom(...USERS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("userUnassigned" as const), userId: fc.constantFrom(...USERS) }),
  },
);
const initialArb = fc.record({
  edges: fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...GROUPS, ...USERS)), { maxLength: 25 }),
  groups: fc.subarray(GROUPS),
  users: fc.subarray(USERS),
});

function snapshot(scope: GroupScope): Map<string, string[]> {
  return new Map(scope.usersInScope().map((u) => [u, scope.pathsOf(u).map((p) => p.join(">"))]));
}

/** The delta a change should produce, from two from-scratch resolutions. */
function expectedDelta(before: Map<string, string[]>, after: Map<string, string[]>): GroupScopeDelta {
  const users = [...new Set([...before.keys(), ...after.keys()])].sort();
  return {
    entered: users.filter((u) => !before.has(u) && after.has(u)),
    left: users.filter((u) => before.has(u) && !after.has(u)),
    pathsChanged: users.filter(
      (u) => before.has(u) && after.has(u) && JSON.stringify(before.get(u)) !== JSON.stringify(after.get(u)),
    ),
  };
}

void describe("GroupScope properties", () => {
  void it("incremental results equal recomputation from scratch after every change", () => {
    fc.assert(
      fc.property(initialArb, fc.array(changeArb, { maxLength: 30 }), (init, changes) => {
        const scope = GroupScope.compute(graphOf(init.edges), assigned(init.groups, init.users));
        for (const change of changes) {
          const before = snapshot(scope);
          const delta = scope.apply(change);
          const fresh = GroupScope.compute(scope.membership(), scope.assignments());
          const after = snapshot(fresh);
          assert.deepEqual(snapshot(scope), after);
          assert.deepEqual(delta, expectedDelta(before, after));
        }
      }),
      { numRuns: 300 },
    );
  });

  void it("cycles terminate: a fully cyclic graph resolves and every path is simple", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom(...GROUPS, ...USERS)), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.subarray(GROUPS, { minLength: 1 }),
        (edges, groups) => {
          const ring: Edge[] = GROUPS.map((g, i) => [g, GROUPS[(i + 1) % GROUPS.length] ?? "G0"]);
          const scope = GroupScope.compute(graphOf([...ring, ...(edges as Edge[])]), assigned(groups));
          for (const u of scope.usersInScope()) {
            for (const p of scope.pathsOf(u)) assert.equal(new Set(p).size, p.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  void it("adding then removing the same edge is a no-op", () => {
    fc.assert(
      fc.property(initialArb, fc.constantFrom(...GROUPS), memberArb, (init, groupId, member) => {
        const graph = graphOf(init.edges);
        if (
          member.type === "user"
            ? graph.directUsers(groupId).has(member.id)
            : graph.directGroups(groupId).has(member.id)
        ) {
          return; // the edge exists already: adding is not a change
        }
        const scope = GroupScope.compute(graph, assigned(init.groups, init.users));
        const before = snapshot(scope);
        const added = scope.apply({ kind: "memberAdded", groupId, member });
        const removed = scope.apply({ kind: "memberRemoved", groupId, member });
        assert.deepEqual(snapshot(scope), before);
        assert.deepEqual(removed.entered, added.left);
        assert.deepEqual(removed.left, added.entered);
        assert.deepEqual(removed.pathsChanged, added.pathsChanged);
      }),
      { numRuns: 300 },
    );
  });

  void it("membership rows round-trip (large groups split over rows)", () => {
    fc.assert(
      fc.property(initialArb, fc.integer({ min: 1, max: 4 }), (init, perRow) => {
        const graph = graphOf(init.edges);
        const rows = toMembershipRows(graph, perRow);
        assert.deepEqual(toMembershipRows(fromMembershipRows([...rows].reverse()), perRow), rows);
        for (const r of rows) {
          assert.ok(r.userIds.split(",").filter(Boolean).length <= perRow);
          assert.ok(r.groupIds.split(",").filter(Boolean).length <= perRow);
        }
      }),
    );
    const rows = toMembershipRows(graphOf([]));
    assert.deepEqual(rows, []);
    const empty = new MembershipGraph();
    empty.addGroup("G9");
    assert.deepEqual(toMembershipRows(empty), [{ groupId: "G9", part: 0, userIds: "", groupIds: "" }]);
    assert.equal(fromMembershipRows(toMembershipRows(empty)).hasGroup("G9"), true);
  });
});
