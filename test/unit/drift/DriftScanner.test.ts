/**
 * The drift scan on the in-memory engine (the product's Slack adapter over the Slack emulator's SCIM handler): hand
 * edits in Slack of managed users are found and set back by the provisioner (title, family name), a createOnly
 * attribute and unmanaged users are left alone, a user reactivated in Slack while out of scope is deactivated again
 * through the deletion guard, report mode changes nothing, and a re-delivered or stale page is harmless.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { DriftScanner } from "../../../shared/drift/DriftScanner";
import { driftCycleId } from "../../../shared/drift/DriftScanState";
import type { DriftScanPageMessage } from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import { directTenant, runCycleInMemory } from "../../support/memory/scriptedTenant";

const ann = entraUser("ann.archer", { jobTitle: "Engineer" });
const ben = entraUser("ben.baker", { jobTitle: "Analyst" });
const cat = entraUser("cat.cole", { jobTitle: "Designer" });

function slackUser(e: InMemoryEngine, userName: string) {
  const u = e.slack.directory.allUsers().find((x) => x.userName === userName);
  assert.ok(u, `${userName} is in Slack`);
  return u;
}

async function scan(e: InMemoryEngine) {
  const started = await new DriftScanner(e.ctx).start("manual");
  assert.ok(started.started, started.started ? "" : started.reason);
  await drainInMemory(e);
  return { scanId: started.scanId, state: await e.ctx.driftScans.get(e.ctx.jobId) };
}

async function driftRecords(e: InMemoryEngine, scanId: string) {
  const to = new Date(e.clock.now().getTime() + 1); // the manual clock stands still: include records made "now"
  return (await e.ctx.activity.byTime(e.ctx.jobId, { cycleId: driftCycleId(scanId), to, limit: 100 })).filter(
    (r) => r.action === "Drift",
  );
}

void describe("drift scan (in memory)", () => {
  void it("repairs a title and a family name edited in Slack; leaves displayName (createOnly) and unmanaged users", async () => {
    const e = directTenant([ann, ben, cat]);
    e.slack.store.seedUser({ userName: "outsider", emails: [{ value: "out@partner.example" }], title: "Guest" });
    await runCycleInMemory(e);
    slackUser(e, "ann.archer").title = "Chief Everything";
    slackUser(e, "ben.baker").familyName = "Hand-Edited";
    slackUser(e, "cat.cole").displayName = "Catty";
    slackUser(e, "outsider").title = "Changed by an admin";

    const { scanId, state } = await scan(e);
    assert.equal(state.running, undefined, "the scan finished");
    const last = state.last;
    assert.equal(last?.usersRead, 4);
    assert.equal(last?.managed, 3);
    assert.equal(last?.drifted, 2);
    assert.equal(last?.repairsQueued, 2);
    assert.equal(slackUser(e, "ann.archer").title, "Engineer", "set back to the Entra value");
    assert.equal(slackUser(e, "ben.baker").familyName, "Baker");
    assert.equal(slackUser(e, "cat.cole").displayName, "Catty", "createOnly: the user's to edit");
    assert.equal(slackUser(e, "outsider").title, "Changed by an admin", "unmanaged: never touched");

    const records = await driftRecords(e, scanId);
    assert.equal(records.length, 2);
    const annRecord = records.find((r) => r.objectId === ann.id);
    assert.deepEqual(annRecord?.modifiedProperties, [
      { name: "title", oldValue: "Engineer", newValue: "Chief Everything" },
    ]);
    assert.equal(annRecord?.status, "Warning");
    assert.match(annRecord?.reason ?? "", /title is "Chief Everything" in Slack, "Engineer" as last exported/);
    const repairs = (await e.ctx.activity.byObject(e.ctx.jobId, ben.id)).filter((r) => r.action === "Update");
    assert.match(repairs[0]?.reason ?? "", /^Drift repair: Updated name.familyName in Slack/);
    assert.deepEqual(repairs[0]?.modifiedProperties, [
      { name: "name.familyName", oldValue: "Hand-Edited", newValue: "Baker" },
    ]);
    // The outsider was never written to.
    const outsiderId = slackUser(e, "outsider").id;
    assert.ok(!e.slack.writeRequests().some((r) => r.path.includes(outsiderId)));

    // The next scan finds nothing.
    const again = await scan(e);
    assert.equal(again.state.last?.drifted, 0);
  });

  void it("report mode records the drift and changes nothing; the next scan reports it again", async () => {
    const e = directTenant([ann], { drift: { mode: "report" } });
    await runCycleInMemory(e);
    slackUser(e, "ann.archer").title = "Chief Everything";
    const writes = e.slack.writeRequests().length;
    const { scanId, state } = await scan(e);
    assert.equal(state.last?.drifted, 1);
    assert.equal(state.last?.repairsQueued, 0);
    assert.equal(slackUser(e, "ann.archer").title, "Chief Everything");
    assert.equal(e.slack.writeRequests().length, writes, "no write to Slack");
    const [record] = await driftRecords(e, scanId);
    assert.match(record?.reason ?? "", /Reported only \(DRIFT_MODE=report\)/);
    assert.equal((await scan(e)).state.last?.drifted, 1);
  });

  void it("a user reactivated in Slack while out of scope is deactivated again through the deletion guard", async () => {
    const e = directTenant([ann, ben]);
    await runCycleInMemory(e);
    // Ben is blocked in Entra: the next cycle deactivates him in Slack.
    e.graph.scriptUsersDelta("U", {
      items: [{ kind: "present", object: { ...ben, accountEnabled: false } }],
      deltaLink: "U2",
    });
    e.graph.scriptUsersDelta("U2", { items: [], deltaLink: "U2" });
    await runCycleInMemory(e);
    e.clock.advance(60_000);
    await new CycleStarter(e.ctx).start({ trigger: "manual" }); // the gate releases the deactivation
    await drainInMemory(e);
    assert.equal(slackUser(e, "ben.baker").active, false);

    // An admin reactivates Ben in Slack by hand.
    slackUser(e, "ben.baker").active = true;
    const { scanId, state } = await scan(e);
    assert.equal(state.last?.repairsQueued, 1);
    const [record] = await driftRecords(e, scanId);
    assert.deepEqual(record?.modifiedProperties, [{ name: "active", oldValue: "false", newValue: "true" }]);
    assert.match(record?.reason ?? "", /reactivated in Slack/);
    // The repair staged the deactivation for the deletion guard; nothing was applied yet.
    assert.equal(slackUser(e, "ben.baker").active, true);
    assert.equal((await e.ctx.removals.counts(e.ctx.jobId)).User.staged, 1);
    // The next cycle start runs the gate: released (1 is within the limits) and applied.
    e.clock.advance(60_000);
    await new CycleStarter(e.ctx).start({ trigger: "manual" });
    await drainInMemory(e);
    assert.equal(slackUser(e, "ben.baker").active, false);
    assert.ok(
      (await e.ctx.activity.byObject(e.ctx.jobId, ben.id)).some(
        (r) => r.action === "Disable" && r.status === "Success",
      ),
    );
  });

  void it("a re-delivered page is harmless, and its successor is sent again", async () => {
    const e = directTenant([ann]);
    await runCycleInMemory(e);
    slackUser(e, "ann.archer").title = "Chief";
    const started = await new DriftScanner(e.ctx).start("manual");
    assert.ok(started.started);
    const [first] = e.queue.take(QUEUES.driftScan);
    assert.ok(first);
    const page = first.message as DriftScanPageMessage;
    const scanner = new DriftScanner(e.ctx);
    assert.equal((await scanner.processPage(page)).kind, "processed");
    // The same page again (the host crashed before deleting it): skipped, nothing counted twice.
    assert.equal((await scanner.processPage(page)).kind, "skipped");
    const state = await e.ctx.driftScans.get(e.ctx.jobId);
    assert.equal(state.last?.drifted, 1);
    await drainInMemory(e);
    assert.equal(slackUser(e, "ann.archer").title, "Engineer");
  });

  void it("two pages: 1,000 users a page, the managed ones found on either", async () => {
    const e = directTenant([ann]);
    e.slack.store.seedUsers(
      Array.from({ length: 1_005 }, (_, i) => ({ userName: `filler${i}`, emails: [{ value: `f${i}@x.example` }] })),
    );
    await runCycleInMemory(e);
    slackUser(e, "ann.archer").title = "Chief";
    const { state } = await scan(e);
    assert.equal(state.last?.pagesRead, 2);
    assert.equal(state.last?.usersRead, 1_006);
    assert.equal(state.last?.managed, 1);
    assert.equal(state.last?.drifted, 1);
    const reads = e.slack.requests.filter((r) => r.method === "GET" && r.path.startsWith("/Users?startIndex="));
    assert.deepEqual(
      reads.slice(-2).map((r) => r.path),
      ["/Users?startIndex=1&count=1000", "/Users?startIndex=1001&count=1000"],
    );
  });

  void it("one scan at a time; the due check starts one after the interval, not while paused", async () => {
    const e = directTenant([ann]);
    await runCycleInMemory(e);
    const scanner = new DriftScanner(e.ctx);
    assert.equal((await scanner.startIfDue()).started, true, "never scanned: due at once");
    const busy = await scanner.start("manual");
    assert.equal(busy.started, false);
    assert.match(busy.started ? "" : busy.reason, /is running/);
    await drainInMemory(e);
    e.clock.advance(23 * 3_600_000);
    assert.equal((await scanner.startIfDue()).started, false);
    e.clock.advance(3_600_000);
    await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({ ...s, paused: true }));
    assert.equal((await scanner.startIfDue()).started, false);
    await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({ ...s, paused: false }));
    assert.equal((await scanner.startIfDue()).started, true);
  });
});
