import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildDemoDirectory } from "../../../dev/seed";
import { GroupScope, MembershipGraph } from "../../../shared/scope/groups";

void describe("demo groups", () => {
  const demo = buildDemoDirectory();
  const graph = new MembershipGraph();
  for (const g of demo.groups) {
    graph.addGroup(g.id);
    for (const m of g.members) graph.addMember(g.id, m);
  }

  void it("keeps the existing fields and adds nested groups with a cycle and one unassigned group", () => {
    assert.equal(demo.users.length, 300);
    assert.equal(demo.assignedUserIds.length, 260);
    assert.deepEqual(buildDemoDirectory().groups, demo.groups, "deterministic");
    const byName = new Map(demo.groups.map((g) => [g.displayName, g.id]));
    const id = (n: string) => byName.get(n) ?? "";
    assert.deepEqual(demo.groupAssignments.sort(), [id("Sales"), id("Engineering"), id("Support")].sort());
    assert.ok(graph.directGroups(id("EMEA Sales")).has(id("DACH Sales")), "three levels");
    assert.ok(graph.directGroups(id("SRE")).has(id("Engineering")), "nesting cycle");
    assert.equal(demo.groupAssignments.includes(id("Alumni")), false);
    const userIds = new Set(demo.users.map((u) => u.id));
    const rejected = new Set(demo.expectedRejections.map((r) => r.objectId));
    for (const g of demo.groups) {
      for (const m of g.members) {
        if (m.type === "user") {
          assert.ok(userIds.has(m.id));
          assert.equal(rejected.has(m.id), false, "rejected users stay out of groups");
        } else assert.ok(byName.has(demo.groups.find((x) => x.id === m.id)?.displayName ?? ""));
      }
    }
  });

  void it("usersInScopeOnlyViaGroups is exactly what the nested scope adds to the direct assignments", () => {
    const direct = GroupScope.compute(graph, { groups: new Set(), users: new Set(demo.assignedUserIds) });
    const withGroups = GroupScope.compute(graph, {
      groups: new Set(demo.groupAssignments),
      users: new Set(demo.assignedUserIds),
    });
    const extra = withGroups.usersInScope().filter((u) => !direct.isInScope(u));
    assert.deepEqual(extra, [...demo.usersInScopeOnlyViaGroups].sort());
    assert.equal(extra.length, 5);
    const enabled = new Set(demo.users.filter((u) => u.accountEnabled === true).map((u) => u.id));
    for (const u of extra) {
      assert.ok(enabled.has(u));
      assert.ok(
        withGroups.pathsOf(u).every((p) => p.length >= 2),
        "only through nested groups",
      );
    }
  });
});
