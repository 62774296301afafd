/**
 * Escrow on the in-memory engine: an object whose retries in a cycle are spent (or whose message is poisoned) is
 * escrowed, recorded and taken out of the backlog, so the cycle converges and nobody else waits; later cycles retry it
 * when due, without any change in Entra, and a success ends the escrow.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { receiveQueueMessage } from "../../../shared/engine/receiveQueueMessage";
import { poisonQueueName, QUEUES } from "../../../shared/queue/queueCatalog";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { directTenant, runCycleInMemory, slackUserNames } from "../../support/memory/scriptedTenant";
import { seedUser } from "../../support/memory/seedUser";

const ann = entraUser("ann.archer");
const ben = entraUser("ben.baker");

/** Slack lookups of Ann (the first step of her create) answered 503 `times` times. */
function slackFailsAnn(e: InMemoryEngine, times: number): void {
  // Every request about Ann fails: her lookups, or her create when a full cycle matches against its snapshot of Slack.
  e.slack.injectFault({ pathContains: "ann.archer", status: 503, times });
}
const annLookups = (e: InMemoryEngine) =>
  e.slack.requests.filter((r) => `${r.path} ${JSON.stringify(r.body ?? "")}`.includes("ann.archer")).length;
void describe("escrow (in memory)", () => {
  void it("a failing object is escrowed when its budget is spent; the cycle converges; the others are provisioned", async () => {
    const e = directTenant([ann, ben]);
    slackFailsAnn(e, 1_000);

    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true, "the cycle converged without Ann");
    assert.deepEqual(slackUserNames(e), ["ben.baker"]);
    assert.equal(annLookups(e), e.ctx.retryBudget.attempts + 1, "tried once, then re-queued within the budget");
    const [entry] = report.escrowed.entries;
    assert.equal(entry?.objectId, ann.id);
    assert.equal(entry?.attempts, 1);
    assert.equal(entry?.lastError.code, "SlackUnavailable");
    assert.equal(Date.parse(entry?.nextAttemptAt ?? "") - e.clock.now().getTime(), 30 * 60_000);
    const [record] = await e.ctx.activity.byObject(e.ctx.jobId, ann.id);
    assert.equal(record?.status, "Failure");
    assert.match(record?.reason ?? "", /^Escrowed: It failed 7 time\(s\) in this cycle \(SlackUnavailable/);
    assert.equal((await e.ctx.links.get(e.ctx.jobId, ann.id))?.link.escrow?.attempts, 1);
  });

  void it("later cycles retry it only when due, without a change in Entra; a success ends the escrow", async () => {
    const e = directTenant([ann, ben]);
    slackFailsAnn(e, e.ctx.retryBudget.attempts + 1); // Slack recovers after the first cycle's tries
    await runCycleInMemory(e);
    const tried = annLookups(e);

    e.clock.advance(10 * 60_000);
    await runCycleInMemory(e);
    assert.equal(annLookups(e), tried, "not due yet: not retried");
    assert.deepEqual(slackUserNames(e), ["ben.baker"]);

    e.clock.advance(25 * 60_000);
    const report = await runCycleInMemory(e);
    assert.ok(annLookups(e) > tried, "due: retried");
    assert.deepEqual(slackUserNames(e), ["ann.archer", "ben.baker"]);
    assert.deepEqual(report.escrowed, { entries: [], more: false });
    assert.equal((await e.ctx.links.get(e.ctx.jobId, ann.id))?.link.escrow, undefined);
  });

  void it("escrowed again, the wait doubles", async () => {
    const e = directTenant([ann, ben]);
    slackFailsAnn(e, 1_000);
    await runCycleInMemory(e);
    e.clock.advance(31 * 60_000);
    const report = await runCycleInMemory(e);
    const [entry] = report.escrowed.entries;
    assert.equal(entry?.attempts, 2);
    assert.equal(Date.parse(entry?.nextAttemptAt ?? "") - e.clock.now().getTime(), 60 * 60_000);
  });

  void it("a poisoned user message escrows the user and clears its backlog row", async () => {
    const e = createInMemoryEngine();
    await seedUser(e, ann);
    const msg = userMessage(e, ann.id, { pendingKey: "g1.0|c1" });
    await e.ctx.pending.add("cycle-1", [{ key: "g1.0|c1", queue: QUEUES.provisionUsers, message: msg }]);

    await receiveQueueMessage(e.ctx, poisonQueueName(QUEUES.provisionUsers), msg, e.log);

    assert.equal(await e.ctx.pending.count("cycle-1"), 0);
    const [entry] = await e.ctx.escrows.due(e.ctx.jobId, new Date(e.clock.now().getTime() + 31 * 60_000), 10);
    assert.equal(entry?.lastError.code, "PoisonMessage");
    const [record] = await e.ctx.activity.byObject(e.ctx.jobId, ann.id);
    assert.equal(record?.errorCode, "PoisonMessage");
    assert.match(record?.reason ?? "", /reached the poison queue/);
  });
});
