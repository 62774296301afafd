import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphEmulatorAdminClient, startGraphEmulator } from "../../../dev/graph-emulator";
import { buildDemoDirectory, loadDemoDirectory } from "../../../dev/seed";
import { createGraphSource } from "../../../shared/graph/createGraphSource";
import { FAST_TUNING, graphSettingsFor } from "./graphTestSupport";

void describe("loading the demo directory", () => {
  void it("loads over the HTTP admin API and reads back through the adapter", async () => {
    const emu = await startGraphEmulator();
    try {
      const demo = await loadDemoDirectory(new GraphEmulatorAdminClient(emu.url), buildDemoDirectory());
      const stats = emu.directory.stats();
      assert.equal(stats.users, 300);
      assert.equal(stats.assignments, 260);
      const source = createGraphSource(graphSettingsFor(emu), FAST_TUNING);
      const assignments = await source.listAppRoleAssignments(emu.servicePrincipalId);
      assert.deepEqual(assignments.map((a) => a.principalId).sort(), [...demo.assignedUserIds].sort());
      let page = await source.getUsersDeltaPage(undefined);
      let count = page.items.length;
      while (page.nextLink) {
        page = await source.getUsersDeltaPage(page.nextLink);
        count += page.items.length;
      }
      assert.equal(count, 300);
      const noMail = demo.expectedRejections.find((r) => r.slackError === "email_empty");
      const u = await source.getUser(noMail?.objectId ?? "");
      assert.equal(u?.mail, null);
    } finally {
      await emu.close();
    }
  });
});
