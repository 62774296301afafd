/**
 * The scope planner on the in-memory engine: from the stored assignments and group memberships (nested groups, a
 * nesting cycle), which users are in scope and by which paths, who entered and who left, which groups need a
 * reconcile, and the deactivation threshold that holds a mass removal.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScopeMaterializer } from "../../../shared/engine/ScopeMaterializer";
import type { ProvisionGroupMessage, ProvisionUserMessage } from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import type { GroupRecord } from "../../../shared/state/GroupRepository";
import type { InMemoryEngine, InMemoryEngineOptions } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";

function group(groupId: string, displayName: string, users: string[], groups: string[] = []): GroupRecord {
  return { groupId, displayName, round: 1, users: new Set(users), groups: new Set(groups) };
}

/** Eng (ann, ben, and the nested group Ops: cat) and Ops → Eng (a nesting cycle); Eng assigned, dan assigned directly. */
async function tenant(options: InMemoryEngineOptions = {}): Promise<InMemoryEngine> {
  const e = createInMemoryEngine(options);
  const { ctx } = e;
  await ctx.groups.save(
    ctx.jobId,
    [group("eng", "Eng", ["ann", "ben"], ["ops"]), group("ops", "Ops", ["cat"], ["eng"])],
    new Map(),
  );
  await ctx.scope.apply(
    ctx.jobId,
    [
      { principalId: "eng", principalType: "Group", appRoleId: "r" },
      { principalId: "dan", principalType: "User", appRoleId: "r" },
    ],
    [],
  );
  return e;
}

const run = (e: InMemoryEngine, usersRoundIsFull = false) =>
  new ScopeMaterializer(e.ctx).run("cycle-1", { usersRoundIsFull, origin: "g1.0" });

/** The tenant derived once, its queues emptied and touches cleared, and Eng's reconcile done: in Slack under its name. */
async function derivedWithEngInSlack(): Promise<InMemoryEngine> {
  const e = await tenant();
  await run(e);
  e.queue.take(QUEUES.provisionUsers);
  e.queue.take(QUEUES.provisionGroups);
  await e.ctx.scopeTouches.clear(e.ctx.jobId);
  const stored = await e.ctx.groupLinks.get(e.ctx.jobId, "eng");
  assert.ok(stored);
  await e.ctx.groupLinks.replace(
    e.ctx.jobId,
    { objectId: "eng", slackId: "S1", displayName: "Eng", exported: { displayName: "Eng" } },
    stored.etag,
  );
  return e;
}

const queuedUsers = (e: InMemoryEngine) =>
  e.queue
    .takeMessages<ProvisionUserMessage>(QUEUES.provisionUsers)
    .map((m) => m.objectId)
    .sort();
const queuedGroups = (e: InMemoryEngine) =>
  e.queue
    .takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups)
    .map((m) => m.groupId)
    .sort();

void describe("ScopeMaterializer (in memory)", () => {
  void it("brings in every transitive member with its paths, cuts the nesting cycle, and queues who entered", async () => {
    const e = await tenant();
    const result = await run(e);

    assert.deepEqual(result, { entered: 4, left: 0, groupsQueued: 1, mode: "full", derived: 4 });
    const scope = await e.ctx.userScope.list(e.ctx.jobId);
    assert.deepEqual([...scope.keys()].sort(), ["ann", "ben", "cat", "dan"]);
    assert.deepEqual(scope.get("cat")?.paths, ["Eng → Ops"]);
    assert.deepEqual(scope.get("cat")?.viaGroups, ["eng"]);
    assert.deepEqual(scope.get("dan")?.paths, ["assigned directly"]);
    assert.equal(scope.get("dan")?.direct, true);
    assert.deepEqual([...(await e.ctx.groupMembers.list(e.ctx.jobId, "eng"))].sort(), ["ann", "ben", "cat"]);
    assert.deepEqual(queuedUsers(e), ["ann", "ben", "cat", "dan"]);
    assert.deepEqual(queuedGroups(e), ["eng"]);
    const backlog = await e.ctx.pending.byOrigin("cycle-1", "g1.0");
    assert.equal(backlog.length, 5, "every queued message is in the backlog under the step's origin");
  });

  void it("in a full users round, users who entered are left to the round (only leavers are queued)", async () => {
    const e = await tenant();
    const result = await run(e, true);
    assert.equal(result.entered, 4);
    assert.deepEqual(queuedUsers(e), []);
  });

  void it("a member removed deep in the chain leaves scope and is queued; the group is reconciled", async () => {
    const e = await tenant();
    await run(e);
    e.queue.take(QUEUES.provisionUsers);
    e.queue.take(QUEUES.provisionGroups);
    await e.ctx.groups.save(e.ctx.jobId, [group("ops", "Ops", [], ["eng"])], new Map());
    // As the groups round records it from members@delta.
    await e.ctx.scopeTouches.record(e.ctx.jobId, [{ kind: "edge", userId: "cat", groupId: "ops", op: "remove" }]);

    const result = await run(e);

    assert.equal(result.mode, "incremental");
    assert.equal(result.derived, 1, "only the user the change reaches is derived");
    assert.equal(result.left, 1);
    assert.deepEqual(queuedUsers(e), ["cat"]);
    assert.equal((await e.ctx.userScope.get(e.ctx.jobId, "cat"))?.userId, undefined);
    assert.deepEqual([...(await e.ctx.groupMembers.list(e.ctx.jobId, "eng"))].sort(), ["ann", "ben"]);
  });

  void it("a group already in Slack gets member changes for just the moved users, not a reconcile", async () => {
    const e = await derivedWithEngInSlack();
    // cat leaves Ops (nested in Eng), eve joins Eng directly: as the groups round records them from members@delta.
    await e.ctx.groups.save(
      e.ctx.jobId,
      [group("ops", "Ops", [], ["eng"]), group("eng", "Eng", ["ann", "ben", "eve"], ["ops"])],
      new Map(),
    );
    await e.ctx.scopeTouches.record(e.ctx.jobId, [
      { kind: "edge", userId: "cat", groupId: "ops", op: "remove" },
      { kind: "edge", userId: "eve", groupId: "eng", op: "add" },
    ]);

    const result = await new ScopeMaterializer(e.ctx).run("cycle-2", { usersRoundIsFull: false, origin: "g2.0" });

    assert.equal(result.mode, "incremental");
    assert.deepEqual([result.entered, result.left, result.groupsQueued], [1, 1, 1]);
    const groupRuns = e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups);
    assert.deepEqual(
      groupRuns.map((m) => [m.groupId, m.reason]),
      [["eng", "member"]],
      "one member-change run for Eng, no reconcile",
    );
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, "eng").sort(), ["cat", "eve"]);
    assert.deepEqual([...(await e.ctx.groupMembers.list(e.ctx.jobId, "eng"))].sort(), ["ann", "ben", "eve"]);
  });

  void it("after a full groups round, a change is found without touches (every user is derived)", async () => {
    const e = await tenant();
    await run(e);
    e.queue.take(QUEUES.provisionUsers);
    e.queue.take(QUEUES.provisionGroups);
    await e.ctx.groups.save(e.ctx.jobId, [group("ops", "Ops", [], ["eng"])], new Map());

    const result = await new ScopeMaterializer(e.ctx).run("cycle-2", {
      usersRoundIsFull: false,
      groupsRoundIsFull: true,
      origin: "g2.0",
    });

    assert.equal(result.mode, "full");
    assert.equal(result.left, 1);
    assert.deepEqual(queuedUsers(e), ["cat"]);
    assert.deepEqual((await e.ctx.userGroups.getMany(e.ctx.jobId, ["cat", "ann"])).get("ann"), new Set(["eng"]));
    assert.equal((await e.ctx.userGroups.getMany(e.ctx.jobId, ["cat"])).has("cat"), false, "the index follows");
  });

  void it("with no change since the last derivation, nobody is derived and no group is queued", async () => {
    const e = await derivedWithEngInSlack();
    const before = e.dumpStores();

    const result = await new ScopeMaterializer(e.ctx).run("cycle-2", { usersRoundIsFull: false, origin: "g2.0" });

    assert.deepEqual(result, { entered: 0, left: 0, groupsQueued: 0, mode: "incremental", derived: 0 });
    assert.deepEqual(queuedGroups(e), [], "the daily repair ran with the first derivation");
    assert.deepEqual(e.dumpStores().userScope, before.userScope);
  });

  void it("with group provisioning off, scope still follows the groups but no group is queued", async () => {
    const e = await tenant({ groupProvisioning: false });
    const result = await run(e);
    assert.equal(result.entered, 4);
    assert.equal(result.groupsQueued, 0);
    assert.deepEqual(queuedGroups(e), []);
  });
});
