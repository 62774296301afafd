import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphEmulatorAdminClient, startGraphEmulator } from "../../../dev/graph-emulator";
import { buildDemoDirectory, loadDemoDirectory, loadDemoGroups } from "../../../dev/seed";
import { createGraphSource } from "../../../shared/graph/createGraphSource";
import { FAST_TUNING, graphSettingsFor } from "./graphTestSupport";

void describe("loadDemoGroups", () => {
  void it("loadDemoDirectory assigns no groups; loadDemoGroups adds the groups and group assignments", async () => {
    const emu = await startGraphEmulator();
    try {
      const demo = buildDemoDirectory();
      await loadDemoDirectory(emu.directory, demo);
      assert.equal(emu.directory.listGroups().length, 0);
      assert.equal(emu.directory.listAssignments().length, 260);
      await loadDemoGroups(new GraphEmulatorAdminClient(emu.url), demo);
      assert.equal(emu.directory.listGroups().length, demo.groups.length);
      const source = createGraphSource(graphSettingsFor(emu), FAST_TUNING);
      const assignments = await source.listAppRoleAssignments(emu.servicePrincipalId);
      const groupAssignments = assignments.filter((a) => a.principalType === "Group");
      assert.deepEqual(groupAssignments.map((a) => a.principalId).sort(), [...demo.groupAssignments].sort());
      assert.ok(groupAssignments.every((a) => typeof a.principalDisplayName === "string"));
      const reachable = new Set<string>();
      for (const g of demo.groupAssignments)
        for (const u of await source.listTransitiveUserMembers(g)) reachable.add(u);
      const direct = new Set(demo.assignedUserIds);
      assert.deepEqual([...reachable].filter((u) => !direct.has(u)).sort(), [...demo.usersInScopeOnlyViaGroups].sort());
    } finally {
      await emu.close();
    }
  });
});
