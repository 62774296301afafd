import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AccessTokenIssuer } from "../../../dev/graph-emulator/AccessTokenIssuer";
import { DeltaTokenCodec } from "../../../dev/graph-emulator/DeltaTokenCodec";
import { DirectoryStore } from "../../../dev/graph-emulator/DirectoryStore";
import { EmulatorDirectory } from "../../../dev/graph-emulator/EmulatorDirectory";
import { FaultInjector } from "../../../dev/graph-emulator/FaultInjector";
import { RequestLog } from "../../../dev/graph-emulator/RequestLog";
import { planTenant, seedTenant } from "../../../bench/seedTenant";

void describe("bench tenant", () => {
  void it("plans 10 % direct and 90 % spread over 20 groups, each user once, every user but one with a manager", () => {
    const plan = planTenant(1000);
    assert.equal(plan.direct.length, 100);
    assert.equal(plan.groupMembers.length, 20);
    assert.deepEqual(
      plan.groupMembers.map((m) => m.length),
      Array.from({ length: 20 }, () => 45),
    );
    const all = [...plan.direct, ...plan.groupMembers.flat()].sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 1000 }, (_, i) => i),
    );
    assert.equal(plan.managerOf.filter((m) => m === undefined).length, 1);
    assert.ok(
      plan.managerOf.every((m, i) => m === undefined || m < i),
      "managers come before their reports",
    );
  });

  void it("seeds the emulator: 10 assigned groups each with one nested group, direct users assigned", () => {
    const store = new DirectoryStore("00000000-0000-0000-0000-0000000000aa");
    const directory = new EmulatorDirectory(
      store,
      new DeltaTokenCodec(60_000),
      new FaultInjector(),
      new RequestLog(),
      new AccessTokenIssuer("tenant", "client", "secret"),
    );
    const tenant = seedTenant(directory, 200);
    assert.equal(tenant.userIds.length, 200);
    assert.equal(tenant.directAssignments, 20 + 10);
    const assignments = directory.listAssignments();
    assert.equal(assignments.filter((a) => a.principalType === "User").length, 20);
    const assignedGroups = new Set(assignments.filter((a) => a.principalType === "Group").map((a) => a.principalId));
    assert.equal(assignedGroups.size, 10);
    const groups = directory.listGroups();
    assert.equal(groups.length, 20);
    for (const g of groups.filter((g) => assignedGroups.has(g.id))) {
      const nested = g.members.filter((m) => m.type === "group");
      assert.equal(nested.length, 1, `${g.displayName} holds one nested group`);
      const child = groups.find((c) => c.id === nested[0]?.id);
      assert.ok(child && child.members.every((m) => m.type === "user"), "nested one level only");
    }
    assert.equal(directory.getManager(tenant.userIds[0] ?? ""), undefined);
    assert.equal(directory.getManager(tenant.userIds[15] ?? ""), tenant.userIds[1]);
  });
});
