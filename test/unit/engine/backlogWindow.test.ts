/**
 * BACKLOG_WINDOW: a delta page is read only while fewer provisioning messages than the window are waiting, so the queue
 * and the backlog hold about a window of work however large the tenant. A page that finds the window full is sent
 * again with a delay (not read, not lost); the cycle still converges with every user created once.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import { WINDOW_WAIT_MS } from "../../../shared/engine/DeltaRoundReader";
import { receiveQueueMessage } from "../../../shared/engine/receiveQueueMessage";
import type { DeltaPageMessage } from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import { QUEUE_NAMES } from "../../../shared/queue/queueCatalog";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { cloneJson } from "../../support/memory/cloneJson";
import { entraUser } from "../../support/memory/entraUser";
import { assignDirectly, slackUserNames } from "../../support/memory/scriptedTenant";

const PAGES = 4;
const PER_PAGE = 5;
const users = Array.from({ length: PAGES * PER_PAGE }, (_, i) => entraUser(`user${String(i).padStart(2, "0")}`));

/** Every user assigned directly, read in PAGES users pages of PER_PAGE. */
function tenant(backlogWindow: number): InMemoryEngine {
  const e = createInMemoryEngine({ backlogWindow });
  assignDirectly(e, users);
  e.graph.scriptGroupsDelta(undefined, { items: [], deltaLink: "G" });
  for (let p = 0; p < PAGES; p++) {
    const items = users.slice(p * PER_PAGE, (p + 1) * PER_PAGE).map((object) => ({ kind: "present" as const, object }));
    e.graph.scriptUsersDelta(
      p === 0 ? undefined : `U-P${p}`,
      p === PAGES - 1 ? { items, deltaLink: "U" } : { items, nextLink: `U-P${p + 1}` },
    );
  }
  return e;
}

/**
 * Plays the host one message at a time, oldest first across the queues, as a busy host would: after each delivery it
 * reads the cycle's backlog. Resolves with the largest backlog seen and the page messages that were sent to wait.
 */
async function playOneByOne(e: InMemoryEngine, cycleId: string): Promise<{ maxBacklog: number; waits: number[] }> {
  let maxBacklog = 0;
  const waits: number[] = [];
  const queued: { queue: (typeof QUEUE_NAMES)[number]; message: object; delayMs: number }[] = [];
  for (let delivered = 0; delivered < 2_000; delivered++) {
    for (const name of QUEUE_NAMES) queued.push(...e.queue.take(name));
    const next = queued.shift();
    if (!next) return { maxBacklog, waits };
    if (next.queue === QUEUES.deltaPages && next.delayMs > 0) waits.push(next.delayMs);
    if (next.delayMs > 0) e.clock.advance(next.delayMs);
    await receiveQueueMessage(e.ctx, next.queue, cloneJson(next.message), e.log);
    maxBacklog = Math.max(maxBacklog, await e.ctx.pending.count(cycleId));
  }
  throw new Error("more than 2,000 deliveries");
}

void describe("the backlog window (BACKLOG_WINDOW)", () => {
  void it("pages wait while the window is full: the backlog never passes the window plus a page; every user is created once", async () => {
    const e = tenant(3);
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual", full: false });
    assert.ok(started.started);
    const { maxBacklog, waits } = await playOneByOne(e, started.cycleId);

    assert.ok(maxBacklog <= 3 + PER_PAGE, `the backlog reached ${maxBacklog} (window 3, pages of ${PER_PAGE})`);
    assert.ok(waits.length > 0, "some page found the window full and waited");
    assert.ok(waits.every((d) => d === WINDOW_WAIT_MS));
    assert.ok(
      e.log.lines.some((l) => /BACKLOG_WINDOW 3/.test(l.message)),
      "the wait is logged with the setting",
    );
    const report = await cycleReport(e.ctx);
    assert.equal(report.converged, true);
    assert.deepEqual(report.counts.byAction, { Create: users.length });
    assert.deepEqual(slackUserNames(e), users.map((u) => String(u.userPrincipalName).split("@")[0]).sort());
  });

  void it("a window larger than the tenant changes nothing: no page waits", async () => {
    const e = tenant(500);
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual", full: false });
    assert.ok(started.started);
    const { maxBacklog, waits } = await playOneByOne(e, started.cycleId);
    assert.deepEqual(waits, []);
    assert.ok(maxBacklog > 3 + PER_PAGE, `without a window the backlog grows with the tenant (${maxBacklog})`);
    assert.equal((await cycleReport(e.ctx)).converged, true);
  });

  void it("a page of an earlier cycle is ignored before the window is looked at (it does not wait forever)", async () => {
    const e = tenant(3);
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual", full: false });
    assert.ok(started.started);
    const stale: DeltaPageMessage = {
      kind: "usersDeltaPage",
      jobId: e.ctx.jobId,
      cycleId: "an-earlier-cycle",
      round: 1,
      pageIndex: 0,
      full: true,
    };
    e.queue.take(QUEUES.deltaPages);
    await receiveQueueMessage(e.ctx, QUEUES.deltaPages, stale, e.log);
    assert.deepEqual(e.queue.peek(QUEUES.deltaPages), [], "not sent again");
  });
});
