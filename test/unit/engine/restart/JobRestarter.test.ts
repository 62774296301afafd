/**
 * POST /api/job/restart's engine on the in-memory adapters: each resetScope value does what Graph's synchronizationJob
 * restart says (and no more), nothing is deactivated, and a restart cut short is resumed and holds off cycles meanwhile.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../../shared/engine/CycleStatus";
import { receiveQueueMessage } from "../../../../shared/engine/receiveQueueMessage";
import { JobRestarter } from "../../../../shared/engine/restart/JobRestarter";
import { quarantined, resetFinished, resetRequested } from "../../../../shared/state/JobState";
import type { InMemoryEngine } from "../../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../../support/memory/drainInMemory";
import { entraUser } from "../../../support/memory/entraUser";
import { directTenant, runCycleInMemory, slackUserNames } from "../../../support/memory/scriptedTenant";

const ann = entraUser("ann.archer");
const ben = entraUser("ben.baker");

async function linkCount(e: InMemoryEngine): Promise<number> {
  let n = 0;
  for await (const _ of e.ctx.links.list(e.ctx.jobId)) n++;
  return n;
}

function slackPosts(e: InMemoryEngine): number {
  return e.slack.requests.filter((r) => r.method === "POST").length;
}

function deactivations(e: InMemoryEngine): number {
  return e.slack.requests.filter(
    (r) => r.method === "PATCH" && JSON.stringify(r.body ?? "").includes('"active","value":false'),
  ).length;
}

void describe("JobRestarter (POST /api/job/restart)", () => {
  void it("Watermark: the cycle it starts reads everything and says why", async () => {
    const e = directTenant([ann, ben]);
    await runCycleInMemory(e);
    const result = await new JobRestarter(e.ctx).restart(["Watermark"], "a test");
    assert.ok(result.accepted && result.completed);
    assert.ok(result.cycle?.started, "a cycle started");
    const state = await e.ctx.jobs.get(e.ctx.jobId);
    assert.equal(state.users.full, true);
    assert.equal(state.groups.full, true);
    assert.equal(state.fullReason, "restart requested (resetScope Watermark)");
    assert.equal(state.fullRequested, undefined, "consumed by the cycle");
    assert.equal(result.rowsReset, 0);
  });

  void it("Watermark with a cycle that cannot start now: the next one that starts is full", async () => {
    const e = directTenant([ann, ben]);
    await runCycleInMemory(e);
    await e.ctx.jobs.apply(
      e.ctx.jobId,
      resetRequested({ id: "r1", flags: ["Watermark"], now: e.clock.now(), by: "t" }),
    );
    const blocked = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(!blocked.started);
    assert.match(blocked.reason, /a restart \(resetScope Watermark\) is resetting/);
    await e.ctx.jobs.apply(e.ctx.jobId, resetFinished("r1"));
    const started = await new CycleStarter(e.ctx).start({ trigger: "timer" });
    assert.ok(started.started && started.full, "the timer's cycle is full");
  });

  void it("Escrows: an escrowed user and a user held after a permanent failure are retried now", async () => {
    const e = directTenant([ann, ben]);
    e.slack.injectFault({ pathContains: "ann.archer", status: 503, times: e.ctx.retryBudget.attempts + 1 });
    e.slack.injectFault({ pathContains: "ben.baker", status: 400, code: "invalid_attribute", times: 1 });
    await runCycleInMemory(e);
    assert.ok((await e.ctx.links.get(e.ctx.jobId, ann.id))?.link.escrow, "Ann is escrowed");
    assert.ok((await e.ctx.links.get(e.ctx.jobId, ben.id))?.link.failure, "Ben is held");
    assert.deepEqual(slackUserNames(e), []);
    // An incremental cycle does not retry them (Ann is not due for 30 minutes, Ben's values did not change).
    await runCycleInMemory(e);
    assert.deepEqual(slackUserNames(e), []);

    const result = await new JobRestarter(e.ctx).restart(["Escrows"], "a test");
    assert.ok(result.accepted && result.completed && result.cycle?.started);
    assert.equal(result.rowsReset, 2);
    assert.equal(result.cycle.full, false, "Escrows alone does not read everything");
    await drainInMemory(e);
    assert.deepEqual(slackUserNames(e), ["ann.archer", "ben.baker"]);
    assert.equal((await e.ctx.links.get(e.ctx.jobId, ben.id))?.link.failure, undefined);
    assert.deepEqual(await e.ctx.escrows.list(e.ctx.jobId, 10), { entries: [], more: false });
  });

  void it("QuarantineState: the job leaves quarantine and a cycle starts", async () => {
    const e = directTenant([ann]);
    await runCycleInMemory(e);
    await e.ctx.jobs.apply(
      e.ctx.jobId,
      quarantined({
        reason: "EncounteredQuarantineException",
        code: "X",
        detail: "test",
        cycleId: "c0",
        now: e.clock.now(),
      }),
    );
    const result = await new JobRestarter(e.ctx).restart(["QuarantineState"], "a test");
    assert.ok(result.accepted && result.cycle?.started);
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).quarantine, undefined);
  });

  void it("ConnectorDataStore: links and indexes are forgotten, everyone is matched again, nobody created or deactivated", async () => {
    const e = directTenant([ann, ben]);
    await runCycleInMemory(e);
    assert.equal(await linkCount(e), 2);
    const posts = slackPosts(e);

    const result = await new JobRestarter(e.ctx).restart(["Watermark", "ConnectorDataStore"], "a test");
    assert.ok(result.accepted && result.completed && result.cycle?.started);
    assert.ok(result.rowsReset >= 4, `links and index rows deleted (${result.rowsReset})`);
    assert.equal(result.cycle.full, true);
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, "U-none"), undefined);
    assert.equal(await linkCount(e), 0, "links forgotten until the cycle runs");

    await drainInMemory(e);
    assert.equal(slackPosts(e), posts, "no Slack user created");
    assert.equal(deactivations(e), 0, "nobody deactivated");
    const link = (await e.ctx.links.get(e.ctx.jobId, ann.id))?.link;
    assert.equal(link?.matchedBy, "userName", "matched again by attribute");
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, link?.slackId ?? ""), ann.id);
    assert.equal(e.slack.directory.allUsers().filter((u) => e.slack.directory.toScim(u).active).length, 2);
  });

  void it("ConnectorDataStore is refused while a cycle still applies work, and leaves the job as it was", async () => {
    const e = directTenant([ann, ben]);
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(started.started);
    // Deliver the delta pages only: the users' provisioning messages stay queued (the cycle's backlog).
    for (let i = 0; i < 10; i++) {
      for (const sent of e.queue.take("delta-pages")) await receiveQueueMessage(e.ctx, sent.queue, sent.message, e.log);
    }
    const result = await new JobRestarter(e.ctx).restart(["Watermark", "ConnectorDataStore"], "a test");
    assert.ok(!result.accepted);
    assert.match(result.reason, /still applying 2 change\(s\)/);
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).reset, undefined, "the marker is taken back");
    await drainInMemory(e);
    assert.equal(await linkCount(e), 2);
  });

  void it("a second restart while one is under way is refused", async () => {
    const e = directTenant([ann]);
    await runCycleInMemory(e);
    await e.ctx.jobs.apply(e.ctx.jobId, resetRequested({ id: "r1", flags: ["Escrows"], now: e.clock.now(), by: "t" }));
    const result = await new JobRestarter(e.ctx).restart(["Watermark"], "a test");
    assert.ok(!result.accepted);
    assert.match(result.reason, /restart r1 \(resetScope Escrows\) is still under way/);
  });

  void it("a restart cut short holds off cycles, and the timer's resume finishes it", async () => {
    const e = directTenant([ann, ben]);
    await runCycleInMemory(e);
    const cut = await new JobRestarter(e.ctx, 0).restart(["Watermark", "ConnectorDataStore"], "a test");
    assert.ok(cut.accepted && !cut.completed);
    assert.equal(await linkCount(e), 2, "nothing deleted yet");
    const blocked = await new CycleStarter(e.ctx).start({ trigger: "timer" });
    assert.ok(!blocked.started);
    const during = await cycleReport(e.ctx);
    assert.deepEqual([during.restart?.flags, during.restart?.step], [["Watermark", "ConnectorDataStore"], 0]);
    assert.equal(await new JobRestarter(e.ctx).resumeIfStalled(), undefined, "not stalled yet");
    e.clock.advance(3 * 60_000);
    const resumed = await new JobRestarter(e.ctx).resumeIfStalled();
    assert.ok(resumed?.accepted && resumed.completed && resumed.cycle?.started);
    await drainInMemory(e);
    assert.equal(await linkCount(e), 2);
    assert.equal(deactivations(e), 0);
    assert.equal((await cycleReport(e.ctx)).restart, undefined, "the status no longer shows it");
  });
});
