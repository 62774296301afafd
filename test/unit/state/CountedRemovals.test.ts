/**
 * The deletion guard's removals with their counts, over an in-memory table with Table Storage's transaction semantics:
 * the counts match the rows after any interleaving of stages, holds, rejections and removals (with crashes and lost
 * answers retried), and rows written before the counter are counted once.
 */
import assert from "node:assert/strict";
import { untilDone } from "../../support/memory/untilDone";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CountedRemovals } from "../../../shared/state/CountedRemovals";
import { isShardKey } from "../../../shared/state/counterShards";
import type { HeldRemoval, HeldRemovalState } from "../../../shared/state/HeldRemoval";
import { countRows, hasNegative, sameCounts } from "../../../shared/state/removalCounts";
import { InMemoryRowTable } from "../../support/memory/InMemoryRowTable";

const J = "job-1";
const removal = (objectId: string, over: Partial<HeldRemoval> = {}): HeldRemoval => ({
  objectType: "User",
  objectId,
  evidence: "unassigned",
  state: "staged",
  cycleId: "c1",
  stagedAt: "2025-01-15T10:00:00.000Z",
  ...over,
});
const rowsOf = (t: InMemoryRowTable) =>
  t
    .rows(J)
    .filter((r) => !isShardKey(r.rowKey))
    .map((r) => JSON.parse(String(r.props.json)) as HeldRemoval);

void describe("CountedRemovals", () => {
  void it("counts by kind and state through stage, hold, reject and remove", async () => {
    const t = new InMemoryRowTable();
    const r = new CountedRemovals(t.source);
    await r.stage(J, removal("u1"));
    await r.stage(J, removal("u2"));
    await r.stage(J, removal("g1", { objectType: "Group" }));
    let c = await r.counts(J);
    assert.deepEqual([c.User.staged, c.Group.staged], [2, 1]);
    await r.put(J, [removal("u1", { state: "held" }), removal("u2", { state: "held" })]);
    await r.stage(J, removal("u1", { evidence: "deleted" })); // a held one stays held
    c = await r.counts(J);
    assert.deepEqual([c.User.staged, c.User.held], [0, 2]);
    assert.equal((await r.get(J, "User", "u1"))?.evidence, "deleted");
    await r.remove(J, "User", "u1", "staged"); // not staged: kept
    await r.remove(J, "User", "u2");
    await r.remove(J, "User", "u2"); // gone already
    c = await r.counts(J);
    assert.deepEqual([c.User.held, c.Group.staged], [1, 1]);
  });

  void it("counts rows written before the counter once, and again when a count goes below zero", async () => {
    const t = new InMemoryRowTable();
    const r = new CountedRemovals(t.source);
    const raw = (x: HeldRemoval) =>
      t.putRaw(J, `${x.objectType}_${x.objectId}`, { state: x.state, json: JSON.stringify(x) });
    raw(removal("old1", { state: "held" }));
    raw(removal("old2"));
    let c = await r.counts(J);
    assert.deepEqual([c.User.held, c.User.staged], [1, 1], "recounted");
    await r.remove(J, "User", "old2");
    assert.equal((await r.counts(J)).User.staged, 0);
    // An old instance still running writes a held row and removes it through the new code... twice over.
    raw(removal("old3", { state: "held" }));
    await r.remove(J, "User", "old1");
    await r.remove(J, "User", "old3");
    c = await r.counts(J);
    assert.equal(c.User.held, 0);
    assert.equal(hasNegative(c), false);
  });

  void it("one query per count once counted", async () => {
    const calls: string[] = [];
    const t = new InMemoryRowTable({ before: (c) => Promise.resolve(void calls.push(c)) });
    const r = new CountedRemovals(t.source);
    for (let i = 0; i < 50; i++) await r.stage(J, removal(`u${i}`));
    await r.counts(J); // the first count marks the counters exact
    calls.length = 0;
    assert.equal((await r.counts(J)).User.staged, 50);
    assert.equal(calls.length, 1);
  });

  const ops = fc.array(
    fc.record({
      object: fc.integer({ min: 0, max: 4 }),
      type: fc.constantFrom("User" as const, "Group" as const),
      op: fc.constantFrom("stage", "hold", "reject", "remove", "removeIfHeld", "removeIfStaged"),
    }),
    { maxLength: 25 },
  );

  const interleavings = () =>
    fc.asyncProperty(
      fc.scheduler(),
      ops,
      fc.array(fc.constantFrom<HeldRemovalState | "none">("staged", "held", "rejected", "none"), { maxLength: 5 }),
      fc.array(fc.record({ at: fc.nat(200), kind: fc.constantFrom("before" as const, "after" as const) }), {
        maxLength: 20,
      }),
      async (s, list, legacy, faultList) => {
        let calls = 0;
        const faults = new Map(faultList.map((f) => [f.at, f.kind]));
        const t = new InMemoryRowTable({
          before: (call) => s.schedule(Promise.resolve(call), call).then(() => undefined),
          fault: () => faults.get(calls++),
        });
        legacy.forEach((state, i) => {
          if (state === "none") return;
          const x = removal(`o${i}`, { state });
          t.putRaw(J, `User_o${i}`, { state, json: JSON.stringify(x) });
        });
        const r = new CountedRemovals(t.source);
        const runs = list.map(({ object, type, op }) => {
          const id = `o${object}`;
          const x = removal(id, { objectType: type });
          switch (op) {
            case "stage":
              return untilDone(() => r.stage(J, x));
            case "hold":
              return untilDone(() => r.put(J, [{ ...x, state: "held" }]));
            case "reject":
              return untilDone(() => r.put(J, [{ ...x, state: "rejected" }]));
            case "remove":
              return untilDone(() => r.remove(J, type, id));
            case "removeIfHeld":
              return untilDone(() => r.remove(J, type, id, "held"));
            case "removeIfStaged":
              return untilDone(() => r.remove(J, type, id, "staged"));
          }
          return Promise.resolve();
        });
        const probes = [untilDone(() => r.counts(J)), untilDone(() => r.counts(J))];
        await s.waitFor(Promise.all([...runs, ...probes]));
        faults.clear();
        const counts = await s.waitFor(r.counts(J));
        assert.ok(sameCounts(counts, countRows(rowsOf(t))), JSON.stringify({ counts, rows: rowsOf(t) }));
      },
    );

  void it("after any interleaving with crashes and lost answers, the counts are the rows'", async () => {
    await fc.assert(interleavings(), { numRuns: 200, includeErrorInReport: true });
  });

  // A counterexample it found: legacy rows o1 staged, o2 held, o3 staged; [stage o3, hold o1, stage o2,
  // removeIfStaged o1, stage o1, removeIfStaged o4] ended with the counts at staged 0, held 2 for rows o2 held,
  // o3 staged.
  void it("replays a found interleaving: a removal whose row changed state between its two reads", async () => {
    await fc.assert(interleavings(), { seed: 994486499, path: "25:8:42", includeErrorInReport: true });
  });

  void it("a removal does not take a row off by a state it lost while its shard was being read", async () => {
    // The row and its shard are read side by side, and a transaction's delete quotes no ETag: here the removal reads
    // o1 staged, a hold of o1 commits (its shard too), and only then does the removal read the shard. The shard's ETag
    // is then current, so without a second look at the row the delete would commit and take o1 off "staged".
    let gated = false;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let shardReadWaiting = (): void => undefined;
    const waiting = new Promise<void>((resolve) => (shardReadWaiting = resolve));
    const t = new InMemoryRowTable({
      before: (call) => {
        if (!gated || !call.startsWith("get %counter.")) return Promise.resolve();
        gated = false;
        shardReadWaiting();
        return gate;
      },
    });
    const r = new CountedRemovals(t.source);
    await r.stage(J, removal("o1"));
    await r.stage(J, removal("o3")); // keeps the staged count from going below zero (which would recount)
    await r.counts(J); // marks the counts exact
    gated = true;
    const removing = r.remove(J, "User", "o1", "staged");
    await waiting; // the removal has read o1 (staged) and waits on its shard
    await r.put(J, [removal("o1", { state: "held" })]);
    release();
    await removing;
    assert.equal((await r.get(J, "User", "o1"))?.state, "held", "held: not the staged row the removal was for");
    const c = await r.counts(J);
    assert.ok(sameCounts(c, countRows(rowsOf(t))), JSON.stringify({ c, rows: rowsOf(t) }));
    assert.deepEqual([c.User.staged, c.User.held], [1, 1]);
  });
});
