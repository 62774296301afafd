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
  void it("applies the user policies: leave is no deactivation, a guest with a past expiration is a rejection", async () => {
    const e = createInMemoryEngine({
      grid: true,
      policies: { outOfScope: "leave", guests: "guest", guestExpirationAttribute: "extensionAttribute3" },
    });
    const leaver = entraUser("leo.leaver");
    await seedUser(e, leaver);
    await new UserProvisioner(e.ctx).provision(userMessage(e, leaver.id));
    await unassignUser(e, leaver.id);
    const expired = entraUser("gil.gone", {
      userType: "Guest",
      onPremisesExtensionAttributes: { extensionAttribute3: "2020-01-01" },
    });
    const guest = entraUser("gia.guest", { userType: "Guest" });
    await seedUser(e, expired);
    await seedUser(e, guest);

    const plan = await planAll(e.ctx);

    assert.deepEqual(plan.counts, {
      create: 1,
      update: 0,
      reactivate: 0,
      disable: 0,
      reject: 1,
      unchanged: 1,
      held: 0,
    });
    const reject = plan.changes.find((c) => c.action === "reject");
    assert.equal(reject?.objectId, expired.id);
    assert.match(reject?.reason ?? "", /guest_expiration_past/);
    assert.equal(plan.changes.find((c) => c.action === "create")?.objectId, guest.id);
  });

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
