/** Changing the mapping re-evaluates every managed user on the next cycle (Entra's resync) but sends only real changes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping";
import type { UserMapping } from "../../../shared/mapping";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

void describe("configuration change", () => {
  void it("runs a full round and updates exactly the users whose payload changed", async () => {
    const { connectionString } = await azurite.ready();
    const h = await new EngineHarness({ connectionString }).start();
    azurite.beforeStop(() => h.stop());
    const same = h.addUser("same@contoso.example", { jobTitle: "Sales", department: "Sales" });
    const diff = h.addUser("diff@contoso.example", { jobTitle: "Engineer", department: "R&D" });
    await h.runCycle();
    const incremental = await h.runCycle();
    assert.equal(incremental.full, false);

    // title now comes from department instead of jobTitle
    const mapping: UserMapping = {
      attributes: DEFAULT_USER_MAPPING.attributes.map((a) =>
        a.target === "title" ? { ...a, source: { kind: "attribute", name: "department" } } : a,
      ),
    };
    h.ctx.mapping = mapping;
    h.slack.store.clearRequests();
    const r = await h.runCycle();
    assert.equal(r.full, true);
    assert.match(r.fullReason ?? "", /mapping/);
    assert.equal(r.counts.byAction.Update, 1);
    const writes = h.slack.store.requests().filter((x) => x.method !== "GET");
    assert.equal(writes.length, 1);
    assert.equal((await h.slackUserOf(diff))?.title, "R&D");
    assert.equal((await h.slackUserOf(same))?.title, "Sales");
    const after = await h.runCycle();
    assert.equal(after.full, false, "once applied, cycles are incremental again");
  });
});
