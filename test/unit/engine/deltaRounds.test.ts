/**
 * A whole cycle on the in-memory engine: the cycle starter, both delta rounds (through the one DeltaRoundReader), the
 * scope step and both provisioners, driven through the same queue path as the functions, with Graph's pages scripted.
 * Covers what the page cursor must guarantee: a re-delivered or stale page is ignored, the delta links are committed
 * only at the end of a round, an expired token restarts the round as a full read, and a poisoned page fails the cycle.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { receiveQueueMessage } from "../../../shared/engine/receiveQueueMessage";
import { deltaPageMessage } from "../../../shared/engine/sendDeltaPage";
import { DeltaTokenExpiredError } from "../../../shared/errors";
import { poisonQueueName, QUEUES } from "../../../shared/queue/queueCatalog";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import { runCycleInMemory, slackUserNames } from "../../support/memory/scriptedTenant";

const ann = entraUser("ann.archer", { jobTitle: "Engineer" });
const ben = entraUser("ben.baker");

/** Ann assigned directly; Ben through the assigned group Eng. Users come in two pages, groups in one. */
function tenant(): InMemoryEngine {
  const e = createInMemoryEngine();
  const sp = e.ctx.servicePrincipalId;
  e.graph.assignments = [
    { id: "a1", appRoleId: "r", principalId: ann.id, principalType: "User", resourceId: sp },
    { id: "a2", appRoleId: "r", principalId: "eng", principalType: "Group", resourceId: sp },
  ];
  e.graph.scriptGroupsDelta(undefined, {
    items: [
      {
        kind: "present",
        object: { id: "eng", displayName: "Eng", membersAdded: [{ id: ben.id, type: "user" }], membersRemoved: [] },
      },
    ],
    deltaLink: "G-D1",
  });
  e.graph.scriptUsersDelta(undefined, { items: [{ kind: "present", object: ann }], nextLink: "U-P2" });
  e.graph.scriptUsersDelta("U-P2", { items: [{ kind: "present", object: ben }], deltaLink: "U-D1" });
  return e;
}

void describe("delta rounds and a whole cycle (in memory)", () => {
  void it("an initial cycle reads both rounds, commits both delta links and converges Slack", async () => {
    const e = tenant();
    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    assert.equal(report.full, true);
    assert.deepEqual([report.pagesRead, report.objectsRead], [2, 2]);
    assert.deepEqual(report.counts.byAction, { Create: 2 });
    assert.deepEqual(slackUserNames(e), ["ann.archer", "ben.baker"]);
    const [group] = e.slack.directory.allGroups().map((g) => e.slack.directory.groupToScim(g));
    assert.equal(group?.displayName, "Eng");
    assert.deepEqual(group?.members?.length, 1);
    const state = await e.ctx.jobs.get(e.ctx.jobId);
    assert.deepEqual([state.users.deltaLink, state.groups.deltaLink], ["U-D1", "G-D1"]);
    assert.equal(state.cyclePhase, "committed");
    assert.equal(state.lease, undefined);
    assert.deepEqual(e.graph.deltaReads, ["groups (full)", "users (full)", "users U-P2"]);
  });

  void it("the next cycle reads from the stored delta links and sends only what changed", async () => {
    const e = tenant();
    await runCycleInMemory(e);
    e.graph.scriptGroupsDelta("G-D1", { items: [], deltaLink: "G-D2" });
    e.graph.scriptUsersDelta("U-D1", {
      items: [{ kind: "present", object: { ...ann, jobTitle: "Lead" } }],
      deltaLink: "U-D2",
    });
    const writes = e.slack.writeRequests().length;

    const report = await runCycleInMemory(e);

    assert.equal(report.full, false);
    assert.deepEqual(report.counts.byAction, { Update: 1 });
    const sent = e.slack.writeRequests().slice(writes);
    assert.deepEqual(
      sent.map((r) => r.method),
      ["PATCH"],
      "one PATCH for Ann's title; Eng is reconciled and unchanged",
    );
    const state = await e.ctx.jobs.get(e.ctx.jobId);
    assert.deepEqual([state.users.deltaLink, state.groups.deltaLink], ["U-D2", "G-D2"]);
  });

  void it("a re-delivered page and a page of an earlier round are ignored", async () => {
    const e = tenant();
    await runCycleInMemory(e);
    const state = await e.ctx.jobs.get(e.ctx.jobId);
    const reads = e.graph.deltaReads.length;
    const stale = deltaPageMessage(e.ctx.jobId, "users", {
      cycleId: state.cycleId ?? "",
      round: state.users.round,
      pageIndex: 0,
      full: true,
    });

    await receiveQueueMessage(e.ctx, QUEUES.deltaPages, stale, e.log);

    assert.equal(e.graph.deltaReads.length, reads, "Graph is not read again");
    assert.deepEqual(e.queue.peek(), [], "nothing is queued");
    assert.match(e.log.lines.at(-1)?.message ?? "", /ignored/);
  });

  void it("an expired users delta token restarts the users round as a full read in the same cycle", async () => {
    const e = tenant();
    await runCycleInMemory(e);
    e.graph.scriptGroupsDelta("G-D1", { items: [], deltaLink: "G-D2" });
    e.graph.scriptUsersDelta("U-D1", new DeltaTokenExpiredError("syncStateNotFound"));
    e.graph.scriptUsersDelta(undefined, {
      items: [
        { kind: "present", object: ann },
        { kind: "present", object: ben },
      ],
      deltaLink: "U-D9",
    });

    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    assert.equal(report.full, true);
    assert.equal(report.fullReason, "the stored delta token expired");
    const state = await e.ctx.jobs.get(e.ctx.jobId);
    assert.equal(state.users.deltaLink, "U-D9");
    const records = await e.ctx.activity.byObject(e.ctx.jobId, e.ctx.jobId);
    assert.ok(
      records.some((r) => r.status === "Warning" && /no longer accepts the stored users delta token/.test(r.reason)),
    );
    assert.deepEqual(slackUserNames(e), ["ann.archer", "ben.baker"], "nobody deactivated or duplicated");
  });

  void it("a full groups round confirms each mirrored group it did not return: kept if Graph has it, deleted if not", async () => {
    const e = tenant();
    await runCycleInMemory(e);
    // Ops is mirrored too (not assigned); then the groups token expires and the full re-read returns neither group.
    await e.ctx.groups.save(
      e.ctx.jobId,
      [{ groupId: "ops", displayName: "Ops", round: 1, users: new Set([ann.id]), groups: new Set() }],
      new Map(),
    );
    e.graph.setGroup({ id: "ops", displayName: "Ops" });
    e.graph.scriptGroupsDelta("G-D1", new DeltaTokenExpiredError("syncStateNotFound"));
    e.graph.scriptGroupsDelta(undefined, { items: [], deltaLink: "G-D9" });
    e.graph.scriptUsersDelta("U-D1", { items: [], deltaLink: "U-D2" });

    await runCycleInMemory(e);

    const eng = await e.ctx.groups.get(e.ctx.jobId, "eng");
    const ops = await e.ctx.groups.get(e.ctx.jobId, "ops");
    assert.equal(eng?.removed, "deleted", "Graph answers 404 for Eng: deleted, members kept for a restore");
    assert.deepEqual([...(eng?.users ?? [])], [ben.id]);
    assert.equal(ops?.removed, undefined, "Graph still has Ops: it stays");
    assert.deepEqual([...(ops?.users ?? [])], [ann.id]);
  });

  void it("a poisoned page fails the cycle, releases the lease and keeps the committed delta links", async () => {
    const e = tenant();
    await runCycleInMemory(e);
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(started.started);
    const [page] = e.queue.takeMessages<object>(QUEUES.deltaPages);

    await receiveQueueMessage(e.ctx, poisonQueueName(QUEUES.deltaPages), page, e.log);

    const state = await e.ctx.jobs.get(e.ctx.jobId);
    assert.equal(state.cyclePhase, "failed");
    assert.equal(state.lastError?.code, "PoisonMessage");
    assert.equal(state.lease, undefined);
    assert.deepEqual([state.users.deltaLink, state.groups.deltaLink], ["U-D1", "G-D1"]);
    e.graph.scriptGroupsDelta("G-D1", { items: [], deltaLink: "G-D2" });
    e.graph.scriptUsersDelta("U-D1", { items: [], deltaLink: "U-D2" });
    assert.equal((await runCycleInMemory(e)).converged, true, "the next cycle starts again from the committed links");
  });

  void it("a cycle does not start while another holds the lease; a malformed page message is recorded, not run", async () => {
    const e = tenant();
    const first = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(first.started);
    const second = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.deepEqual(second.started ? "" : second.reason, `cycle ${first.cycleId} is still reading Graph`);
    await drainInMemory(e);
    await receiveQueueMessage(e.ctx, QUEUES.deltaPages, { kind: "nonsense" }, e.log);
    const [malformed] = await e.ctx.activity.byObject(e.ctx.jobId, e.ctx.jobId);
    assert.equal(malformed?.errorCode, "MalformedQueueMessage");
  });
});
