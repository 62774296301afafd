/**
 * MemberReadSlots: at most its slots hold members at once, the others wait their turn in order; a wait that runs out
 * goes ahead beside them (bounded: a run holds its group's lease while it waits); a release counts once.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemberReadSlots } from "../../../shared/engine/MemberReadSlots";
import { GroupProvisioner, memberReadWaitMs } from "../../../shared/engine/GroupProvisioner";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { groupMessage } from "../../support/memory/provisionMessage";

/** A promise and its resolver. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

void describe("MemberReadSlots", () => {
  void it("runs at most two at once; the others start in the order they came as slots free", async () => {
    const slots = new MemberReadSlots(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const runs = gates.map(async (gate, i) => {
      const slot = await slots.take(60_000);
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await gate.promise;
      running -= 1;
      slot.release();
      return slot.timedOut;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(slots.load, { running: 2, waiting: 3 });
    for (const i of [1, 0, 2, 3, 4]) {
      gates[i]?.resolve();
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await Promise.all(runs), [false, false, false, false, false]);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.equal(most, 2);
    assert.deepEqual(slots.load, { running: 0, waiting: 0 });
  });

  void it("a wait that runs out goes ahead beside the others, and leaves the count right when it ends", async () => {
    const slots = new MemberReadSlots(1);
    const first = await slots.take(60_000);
    const late = await slots.take(5);
    assert.equal(late.timedOut, true);
    assert.deepEqual(slots.load, { running: 2, waiting: 0 });
    late.release();
    late.release();
    assert.deepEqual(slots.load, { running: 1, waiting: 0 }, "a second release counts nothing");
    first.release();
    assert.deepEqual(slots.load, { running: 0, waiting: 0 });
    const again = await slots.take(60_000);
    assert.equal(again.timedOut, false);
    again.release();
  });

  void it("waits well inside the lease, between a second and a minute", () => {
    assert.deepEqual([10_000, 120_000, 300_000, 3_600_000].map(memberReadWaitMs), [2_500, 30_000, 60_000, 60_000]);
    assert.equal(memberReadWaitMs(1_000), 1_000);
  });

  void it("a process's group runs read whole memberships two at a time", async () => {
    const e = createInMemoryEngine();
    const { ctx } = e;
    const groups = ["g1", "g2", "g3", "g4"];
    for (const g of groups) {
      await ctx.scope.apply(ctx.jobId, [{ principalId: g, principalType: "Group", appRoleId: "role-user" }], []);
      await ctx.groups.save(
        ctx.jobId,
        [{ groupId: g, displayName: g, round: 1, users: new Set([`u-${g}`]), groups: new Set() }],
        new Map(),
      );
      await ctx.groupMembers.apply(ctx.jobId, g, [`u-${g}`], []);
    }
    const gate = deferred();
    const list = ctx.groupMembers.list.bind(ctx.groupMembers);
    let reading = 0;
    let most = 0;
    ctx.groupMembers.list = async (jobId, groupId, range) => {
      reading += 1;
      most = Math.max(most, reading);
      await gate.promise;
      reading -= 1;
      return list(jobId, groupId, range);
    };
    const provisioner = new GroupProvisioner(ctx);

    const runs = groups.map((g) => provisioner.provision(groupMessage(e, g)));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    assert.equal(reading, 2, "two reading, two waiting for a slot");
    gate.resolve();
    const records = await Promise.all(runs);

    assert.equal(most, 2);
    assert.deepEqual(
      records.map((r) => r?.action),
      ["Create", "Create", "Create", "Create"],
    );
  });
});
