import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemberBatchWindow } from "../../../shared/engine/MemberBatchWindow";
import {
  MEMBER_BATCH_DELAY_MS,
  MEMBER_BURST_WINDOW_MS,
  MEMBER_LEADING_DELAY_MS,
  memberReconcileDelayMs,
} from "../../../shared/engine/memberReconcileDelayMs";
import { queueGroupWork } from "../../../shared/engine/queueWork";
import { QUEUES } from "../../../shared/queue/queueCatalog";
import { ManualClock } from "../../support/memory/ManualClock";
import { directTenant } from "../../support/memory/scriptedTenant";

const NOW = Date.parse("2026-05-01T10:00:00Z");

void describe("memberReconcileDelayMs", () => {
  const cases: { name: string; last: number | undefined; want: number }[] = [
    {
      name: "no member change of the group before: at once (a second)",
      last: undefined,
      want: MEMBER_LEADING_DELAY_MS,
    },
    { name: "one just before: a burst, gathered", last: NOW - 1, want: MEMBER_BATCH_DELAY_MS },
    { name: "one within the window", last: NOW - MEMBER_BURST_WINDOW_MS + 1, want: MEMBER_BATCH_DELAY_MS },
    {
      name: "one exactly a window ago: quiet again",
      last: NOW - MEMBER_BURST_WINDOW_MS,
      want: MEMBER_LEADING_DELAY_MS,
    },
    { name: "one long ago", last: NOW - 3_600_000, want: MEMBER_LEADING_DELAY_MS },
  ];
  for (const c of cases) void it(c.name, () => assert.equal(memberReconcileDelayMs(c.last, NOW), c.want));
  void it("the leading delay is shorter than the batch's", () => {
    assert.ok(MEMBER_LEADING_DELAY_MS < MEMBER_BATCH_DELAY_MS);
  });
});

void describe("MemberBatchWindow", () => {
  void it("the first change of each group goes at once, the next ones within the window are gathered", () => {
    const clock = new ManualClock(new Date(NOW));
    const w = new MemberBatchWindow(() => clock.now());
    assert.equal(w.delayFor("sales"), MEMBER_LEADING_DELAY_MS);
    clock.advance(500);
    assert.equal(w.delayFor("sales"), MEMBER_BATCH_DELAY_MS);
    assert.equal(w.delayFor("eng"), MEMBER_LEADING_DELAY_MS, "groups are independent");
    clock.advance(MEMBER_BURST_WINDOW_MS - 1);
    assert.equal(w.delayFor("sales"), MEMBER_BATCH_DELAY_MS, "each change extends the burst");
    clock.advance(MEMBER_BURST_WINDOW_MS);
    assert.equal(w.delayFor("sales"), MEMBER_LEADING_DELAY_MS, "quiet for a window: at once again");
    assert.equal(w.delayFor("eng"), MEMBER_LEADING_DELAY_MS, "and eng, quiet since its first");
    assert.equal(w.delayFor("eng"), MEMBER_BATCH_DELAY_MS);
  });
});

void describe("queueGroupWork's delays", () => {
  void it("member-triggered reconciles wait each group's delay; other reasons go at once", async () => {
    const e = directTenant([]);
    const delays: Record<string, number> = { g1: 1_000, g2: 3_000, g3: 1_000 };
    await queueGroupWork(e.ctx, "cycle-1", ["g1", "g2", "g3", "g1"], "member", "o1", {
      delayMs: (g) => delays[g] ?? 0,
    });
    await queueGroupWork(e.ctx, "cycle-1", ["g4"], "scope", "o2", { delayMs: () => 9_000 });
    const sent = e.queue
      .take(QUEUES.provisionGroups)
      .map((m) => [(m.message as { groupId: string }).groupId, m.delayMs]);
    assert.deepEqual(sent.sort(), [
      ["g1", 1_000],
      ["g2", 3_000],
      ["g3", 1_000],
      ["g4", 0],
    ]);
    assert.equal(await e.ctx.pending.count("cycle-1"), 4, "every message is in the backlog");
  });
  void it("every member change is told to the delay, also one coalesced into a reconcile already waiting", async () => {
    const e = directTenant([]);
    const asked: string[] = [];
    const delay = (g: string) => {
      asked.push(g);
      return 1_000;
    };
    await queueGroupWork(e.ctx, "cycle-1", ["g1"], "member", "o1", { delayMs: delay });
    await queueGroupWork(e.ctx, "cycle-1", ["g1"], "member", "o2", { delayMs: delay });
    assert.deepEqual(asked, ["g1", "g1"]);
    assert.equal(e.queue.take(QUEUES.provisionGroups).length, 1, "the second is coalesced");
  });
  void it("by default a member-triggered reconcile is batched", async () => {
    const e = directTenant([]);
    await queueGroupWork(e.ctx, "cycle-1", ["g1"], "member", "o1");
    assert.deepEqual(
      e.queue.take(QUEUES.provisionGroups).map((m) => m.delayMs),
      [MEMBER_BATCH_DELAY_MS],
    );
  });
});
