/**
 * The dry-run planner on the in-memory engine: it counts what the next cycle would do from the stored state, and
 * writes nothing anywhere (stores, Slack, Graph, queue).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planAll } from "../../../shared/engine/planAll";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { observeUser, seedUser, unassignUser } from "../../support/memory/seedUser";

void describe("planAll (dry run) on the in-memory engine", () => {
  void it("counts creates, updates, deactivations, rejections and unchanged users, and writes nothing", async () => {
    const e = createInMemoryEngine();
    const newcomer = entraUser("nia.new");
    const changed = entraUser("cho.changed", { jobTitle: "Engineer" });
    const leaver = entraUser("leo.leaver");
    const tooLong = entraUser("a.very.long.username.indeed");
    const steady = entraUser("sam.steady");
    for (const u of [changed, leaver, steady]) {
      await seedUser(e, u);
      await new UserProvisioner(e.ctx).provision(userMessage(e, u.id));
    }
    await seedUser(e, newcomer);
    await seedUser(e, tooLong);
    await observeUser(e, { ...changed, jobTitle: "Staff Engineer" });
    await unassignUser(e, leaver.id);
    // Out of scope and never linked: not evaluated at all.
    await seedUser(e, entraUser("out.sider"), { inScope: false });
    e.queue.take("provision-users");
    e.queue.take("provision-groups");
    const stores = e.dumpStores();
    const slackRequests = e.slack.requests.length;
    const graphReads = e.graph.reads.length;

    const plan = await planAll(e.ctx);

    assert.equal(plan.mapping, "current");
    assert.equal(plan.evaluated, 5);
    assert.deepEqual(plan.counts, {
      create: 1,
      update: 1,
      reactivate: 0,
      disable: 1,
      reject: 1,
      unchanged: 1,
      held: 0,
    });
    const byAction = Object.fromEntries(plan.changes.map((c) => [c.action, c]));
    assert.equal(byAction.create?.objectId, newcomer.id);
    assert.equal(byAction.update?.objectId, changed.id);
    assert.deepEqual(byAction.update?.changes, [{ target: "title", oldValue: "Engineer", newValue: "Staff Engineer" }]);
    assert.equal(byAction.disable?.objectId, leaver.id);
    assert.equal(byAction.reject?.objectId, tooLong.id);
    assert.match(byAction.reject?.reason ?? "", /long_username/);

    assert.deepEqual(e.dumpStores(), stores, "no store changed");
    assert.equal(e.slack.requests.length, slackRequests, "no Slack request");
    assert.equal(e.graph.reads.length, graphReads, "no Graph read");
    assert.deepEqual(e.queue.peek(), [], "nothing queued");
  });
});
