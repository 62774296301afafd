/**
 * Member changes on the in-memory engine: a user whose Slack account appears or changes records a member change for
 * each of its groups; a member-change run applies just those (its cost follows the changes, not the group), decided
 * from the users' state now; a reconcile covers and clears them; in a full users round they are deferred to the cycle's
 * flush, and a crash at any point leaves them findable.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GroupProvisioner } from "../../../shared/engine/GroupProvisioner";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import { RemovalGate } from "../../../shared/engine/RemovalGate";
import { queueGroupWork } from "../../../shared/engine/queueWork";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import { UNCOVERED_RECHECK_MS, WHOLE_GROUP_CHANGE } from "../../../shared/engine/WholeGroupCoverage";
import type { ProvisionGroupMessage, RemovalGateMessage } from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import type { IdentityLinkStore } from "../../../shared/state/StatePorts";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { groupMessage, userMessage } from "../../support/memory/provisionMessage";
import { seedUser } from "../../support/memory/seedUser";

const ENG = "grp-eng";
const MEMBERS = 1_000;

/**
 * Eng (assigned) in Slack with MEMBERS provisioned, active members (linked directly, as earlier cycles would have left
 * them), created by one reconcile.
 */
async function bigGroup(): Promise<InMemoryEngine> {
  const e = createInMemoryEngine();
  const { ctx } = e;
  const ids: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const objectId = `oid-m${i}`;
    const upn = `m${i}@contoso.example`;
    const slack = e.slack.directory.seedUser(
      { userName: `m${i}`, emails: [{ value: upn, primary: true }] },
      "member",
      true,
    );
    await ctx.links.create(ctx.jobId, { objectId, slackId: slack.id, slackActive: true, userPrincipalName: upn });
    ids.push(objectId);
  }
  await ctx.scope.apply(ctx.jobId, [{ principalId: ENG, principalType: "Group", appRoleId: "role-user" }], []);
  await ctx.groups.save(
    ctx.jobId,
    [{ groupId: ENG, displayName: "Eng", round: 1, users: new Set(ids), groups: new Set() }],
    new Map(),
  );
  await ctx.groupMembers.apply(ctx.jobId, ENG, ids, []);
  const created = await new GroupProvisioner(ctx).provision(groupMessage(e, ENG));
  assert.equal(created?.action, "Create");
  assert.equal(slackGroup(e)?.members.length, MEMBERS);
  return e;
}

const slackGroup = (e: InMemoryEngine) => e.slack.directory.allGroups()[0];
const slackIdOf = async (e: InMemoryEngine, objectId: string) =>
  (await e.ctx.links.get(e.ctx.jobId, objectId))?.link.slackId ?? "";

/** A new Entra user in Eng (in scope through it), not provisioned yet. */
async function newMember(e: InMemoryEngine, local: string) {
  const user = entraUser(local);
  await seedUser(e, user, { viaGroups: [ENG] });
  await e.ctx.groupMembers.apply(e.ctx.jobId, ENG, [user.id], []);
  return user;
}

/** Counts the reads of a link store's rows (the seam the O(changes) claim is measured at). */
function countReads(store: IdentityLinkStore): { reads: string[] } {
  const counter = { reads: [] as string[] };
  const get = store.get.bind(store);
  store.get = (jobId, objectId) => {
    counter.reads.push(objectId);
    return get(jobId, objectId);
  };
  return counter;
}

/** Counts the reads of a group's first member change (how WholeGroupCoverage looks for a whole-group change). */
function countFirstChangeReads(e: InMemoryEngine): { reads: number } {
  const counter = { reads: 0 };
  const list = e.ctx.memberChanges.list.bind(e.ctx.memberChanges);
  e.ctx.memberChanges.list = (jobId, groupId, limit) => {
    if (limit === 1) counter.reads++;
    return list(jobId, groupId, limit);
  };
  return counter;
}

/** Runs the group messages queued so far (member-change runs and reconciles), in order. */
async function runGroupMessages(e: InMemoryEngine): Promise<ProvisionGroupMessage[]> {
  const messages = e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups);
  for (const m of messages) await new GroupProvisioner(e.ctx).provision(m);
  return messages;
}

void describe("member changes: a member-change run applies just the changed members", () => {
  void it("a member added to a group of 1,000 costs one link read and one PATCH, and no read of the Slack group", async () => {
    const e = await bigGroup();
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    const queued = e.queue.peek(QUEUES.provisionGroups);
    assert.deepEqual(
      queued.map((q) => [(q.message as ProvisionGroupMessage).reason, q.delayMs]),
      [["member", 1000]],
      "one member-change run, after the batching delay (1 s: the group's members were quiet)",
    );
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [ann.id]);
    const userLinks = countReads(e.ctx.links);
    const sent = e.slack.requests.length;

    const [msg] = await runGroupMessages(e);

    assert.equal(msg?.reason, "member");
    assert.deepEqual(userLinks.reads, [ann.id], "only the changed member's link is read");
    const requests = e.slack.requests.slice(sent);
    assert.deepEqual(
      requests.map((r) => r.method),
      ["PATCH"],
      "no GET of the group, one PATCH",
    );
    const annSlack = await slackIdOf(e, ann.id);
    assert.deepEqual(requests[0]?.body, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "members", value: [{ value: annSlack }] }],
    });
    assert.equal(slackGroup(e)?.members.length, MEMBERS + 1);
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [], "the applied change is cleared");
    const record = (await e.ctx.activity.byObject(e.ctx.jobId, ENG)).find((r) => r.action === "Update");
    assert.equal(record?.status, "Success");
    assert.deepEqual(record?.membersAdded, [ann.userPrincipalName]);
  });

  void it("members provisioned in a burst land in one PATCH (one coalesced run)", async () => {
    const e = await bigGroup();
    const users = [];
    for (const local of ["ann.archer", "ben.baker", "cat.cole"]) users.push(await newMember(e, local));
    for (const u of users) await new UserProvisioner(e.ctx).provision(userMessage(e, u.id));
    const sent = e.slack.requests.length;

    const messages = await runGroupMessages(e);

    assert.equal(messages.length, 1, "coalesced: one run for the three");
    const patches = e.slack.requests.slice(sent).filter((r) => r.method === "PATCH");
    assert.equal(patches.length, 1);
    assert.equal(slackGroup(e)?.members.length, MEMBERS + 3);
  });

  void it("decides from the user's state now: a member deactivated after its change was recorded is removed, not added", async () => {
    const e = await bigGroup();
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    await runGroupMessages(e);
    const annSlack = await slackIdOf(e, ann.id);
    // A change recorded when ann's account appeared, then ann deactivated before the run (her own run staged it,
    // the gate released it): the run sees the link as it is now.
    await e.ctx.memberChanges.record(e.ctx.jobId, [{ groupId: ENG, userId: ann.id, id: "late" }]);
    const stored = await e.ctx.links.get(e.ctx.jobId, ann.id);
    assert.ok(stored);
    await e.ctx.links.replace(e.ctx.jobId, { ...stored.link, slackActive: false }, stored.etag);
    const sent = e.slack.requests.length;

    await new GroupProvisioner(e.ctx).provision(groupMessage(e, ENG, { reason: "member" }));

    const [patch] = e.slack.requests.slice(sent);
    assert.deepEqual(patch?.body, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${annSlack}"]` }],
    });
    assert.ok(!slackGroup(e)?.members.includes(annSlack));
  });

  void it("a change for a user who is not in Slack yet, or whose removal Slack already made, sends nothing harmful", async () => {
    const e = await bigGroup();
    const cat = await newMember(e, "cat.cole"); // in the group, never provisioned
    const m0 = "oid-m0";
    const m0Slack = await slackIdOf(e, m0);
    await e.ctx.groupMembers.apply(e.ctx.jobId, ENG, [], [m0]); // m0 left the group
    e.slack.directory.patchGroup(slackGroup(e)?.id ?? "", {
      Operations: [{ op: "remove", path: `members[value eq "${m0Slack}"]` }],
    }); // and is already out of the Slack group
    await e.ctx.memberChanges.record(e.ctx.jobId, [
      { groupId: ENG, userId: cat.id, id: "c1" },
      { groupId: ENG, userId: m0, id: "c2" },
    ]);

    const record = await new GroupProvisioner(e.ctx).provision(groupMessage(e, ENG, { reason: "member" }));

    assert.equal(record?.status, "Success", record?.reason);
    assert.deepEqual(record?.membersRemoved, ["m0@contoso.example"], "removing a member not there is harmless");
    assert.equal(slackGroup(e)?.members.length, MEMBERS - 1);
  });

  void it("a waiting reconcile covers member changes; a waiting member-change run does not cover a reconcile", async () => {
    const e = await bigGroup();
    await queueGroupWork(e.ctx, "cycle-1", [ENG], "scope", "test");
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    assert.deepEqual(
      e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups).map((m) => m.reason),
      ["scope"],
      "the waiting reconcile reads the change when it starts",
    );

    const e2 = await bigGroup();
    const ben = await newMember(e2, "ben.baker");
    await new UserProvisioner(e2.ctx).provision(userMessage(e2, ben.id));
    await queueGroupWork(e2.ctx, "cycle-1", [ENG], "scope", "test");
    assert.deepEqual(
      e2.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups).map((m) => m.reason),
      ["member", "scope"],
    );
  });

  void it("a reconcile covers and clears the changes recorded before it started", async () => {
    const e = await bigGroup();
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    e.queue.take(QUEUES.provisionGroups);

    const record = await new GroupProvisioner(e.ctx).provision(groupMessage(e, ENG, { reason: "scope" }));

    assert.deepEqual(record?.membersAdded, [ann.userPrincipalName]);
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), []);
  });

  void it("a PATCH Slack refuses makes the run reconcile the whole group instead", async () => {
    const e = await bigGroup();
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    e.slack.injectFault({ method: "PATCH", pathContains: "/Groups/", status: 400, code: "no_such_group_members" });
    const sent = e.slack.requests.length;

    const [msg] = await runGroupMessages(e);

    assert.equal(msg?.reason, "member");
    const methods = e.slack.requests.slice(sent).map((r) => r.method);
    assert.deepEqual(methods, ["PATCH", "GET", "PATCH"], "refused, then the group is read and the difference sent");
    assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, ann.id)));
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), []);
  });

  void it("a group no longer assigned has its changes cleared and its Slack group left to the reconcile", async () => {
    const e = await bigGroup();
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    await e.ctx.scope.apply(e.ctx.jobId, [], [ENG]);
    const sent = e.slack.requests.length;

    const record = await new GroupProvisioner(e.ctx).provision(groupMessage(e, ENG, { reason: "member" }));

    assert.equal(record, undefined, "nothing to record");
    assert.deepEqual(e.slack.requests.slice(sent), []);
    assert.equal(await e.ctx.removals.get(e.ctx.jobId, "Group", ENG), undefined, "no deletion staged by it");
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), []);
  });

  void it("a run that crashed after saving its link records its member changes when the message comes again", async () => {
    const e = await bigGroup();
    const ann = await newMember(e, "ann.archer");
    const msg = userMessage(e, ann.id);
    const record = e.ctx.memberChanges.record.bind(e.ctx.memberChanges);
    e.ctx.memberChanges.record = () => Promise.reject(new Error("the process was killed here"));

    await assert.rejects(new UserProvisioner(e.ctx).provision(msg), /killed/);
    assert.ok(await slackIdOf(e, ann.id), "the link was saved before the crash");
    e.ctx.memberChanges.record = record;

    await new UserProvisioner(e.ctx).provision(msg); // the host delivers it again: the run itself changes nothing now
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [ann.id]);
    await runGroupMessages(e);
    assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, ann.id)));
  });
});

void describe("member changes in a full users round are deferred to the cycle's flush", () => {
  /** The job in cycle-1, reading a full users round. */
  async function fullRound(e: InMemoryEngine): Promise<void> {
    await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({
      ...s,
      cycleId: "cycle-1",
      cyclePhase: "reading",
      users: { ...s.users, full: true, phase: "reading" },
    }));
  }
  const committed = (e: InMemoryEngine) =>
    e.ctx.jobs.apply(e.ctx.jobId, (s) => ({ ...s, cyclePhase: "committed", users: { ...s.users, phase: "done" } }));

  /** A full round in which ann's Slack account appeared (her change deferred), committed: the cycle's probe is queued. */
  async function deferredThenCommitted() {
    const e = await bigGroup();
    await fullRound(e);
    const ann = await newMember(e, "ann.archer");
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    await committed(e);
    const [probe] = e.queue.takeMessages<RemovalGateMessage>(QUEUES.deltaPages);
    assert.ok(probe);
    return { e, ann, probe };
  }

  void it("records the changes, queues no group run, marks the cycle and queues its probe once", async () => {
    const e = await bigGroup();
    await fullRound(e);
    const users = [await newMember(e, "ann.archer"), await newMember(e, "ben.baker")];

    for (const u of users) await new UserProvisioner(e.ctx).provision(userMessage(e, u.id));

    assert.deepEqual(e.queue.peek(QUEUES.provisionGroups), [], "no group run during the round");
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [users[0]?.id, users[1]?.id].sort());
    assert.deepEqual((await e.ctx.jobs.get(e.ctx.jobId)).deferredMembers, { cycleId: "cycle-1" });
    assert.deepEqual(
      e.queue.takeMessages<RemovalGateMessage>(QUEUES.deltaPages).map((m) => [m.kind, m.cycleId]),
      [["removalGate", "cycle-1"]],
      "one probe for the cycle",
    );
  });

  void it("the cycle is not converged until the flush; the probe flushes, then runs the gate", async () => {
    const { e, ann, probe } = await deferredThenCommitted();
    assert.equal((await cycleReport(e.ctx)).converged, false, "backlog empty, but the flush is due");

    assert.equal(await new RemovalGate(e.ctx).probe(probe), undefined, "the probe flushed instead of running the gate");

    const flushed = e.queue.peek(QUEUES.provisionGroups);
    assert.deepEqual(
      flushed.map((q) => [(q.message as ProvisionGroupMessage).reason, q.delayMs]),
      [["member", 0]],
      "one member-change run per group with changes, at once",
    );
    assert.deepEqual((await e.ctx.jobs.get(e.ctx.jobId)).deferredMembers, { cycleId: "cycle-1", flushed: true });
    assert.equal((await cycleReport(e.ctx)).converged, false, "its run is in the backlog");
    await runGroupMessages(e);
    assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, ann.id)));
    const [again] = e.queue.takeMessages<RemovalGateMessage>(QUEUES.deltaPages);
    assert.ok(again, "the probe came back");
    assert.deepEqual(await new RemovalGate(e.ctx).probe(again), {
      released: { users: 0, groups: 0 },
      held: { users: 0, groups: 0 },
    });
    assert.equal((await cycleReport(e.ctx)).converged, true);
  });

  void it("while the flush waits for the last few runs of the round, the probe looks every second", async () => {
    const { e, probe } = await deferredThenCommitted();
    await e.ctx.pending.add("cycle-1", [{ key: "u1.0|last", queue: QUEUES.provisionUsers, message: {} }]);

    await new RemovalGate(e.ctx).probe({ ...probe, attempt: 20 });

    const [again] = e.queue.take(QUEUES.deltaPages);
    assert.deepEqual([again?.delayMs, (again?.message as RemovalGateMessage).attempt], [1000, 1]);
    assert.deepEqual(e.queue.peek(QUEUES.provisionGroups), [], "no flush while a run of the round is pending");
  });

  void it("after the flush, a later change of the same cycle is applied at once", async () => {
    const e = await bigGroup();
    await fullRound(e);
    await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({ ...s, deferredMembers: { cycleId: "cycle-1", flushed: true } }));
    const ann = await newMember(e, "ann.archer");

    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));

    assert.deepEqual(
      e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups).map((m) => m.reason),
      ["member"],
    );
  });

  /** The round's scope step left ENG whole to the flush (as GroupProvisioner does for an assigned group). */
  async function leftWhole(e: InMemoryEngine): Promise<void> {
    await e.ctx.memberChanges.record(e.ctx.jobId, [{ groupId: ENG, userId: WHOLE_GROUP_CHANGE, id: "whole-1" }]);
  }

  void it("a group the round left whole to the flush gets no change per user, and the flush still adds them", async () => {
    const e = await bigGroup();
    await fullRound(e);
    await leftWhole(e);
    const users = [await newMember(e, "ann.archer"), await newMember(e, "ben.baker")];
    const provisioner = new UserProvisioner(e.ctx);
    const firstChanges = countFirstChangeReads(e);

    for (const u of users) await provisioner.provision(userMessage(e, u.id));

    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [WHOLE_GROUP_CHANGE]);
    assert.equal(firstChanges.reads, 1, "the group's coverage read once, then remembered");
    await committed(e);
    const [probe] = e.queue.takeMessages<RemovalGateMessage>(QUEUES.deltaPages);
    assert.ok(probe);
    await new RemovalGate(e.ctx).probe(probe);
    await runGroupMessages(e);
    for (const u of users) assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, u.id)), u.id);
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), []);
  });

  void it("a reconcile in the middle of the round keeps the whole-group change: members after it join at the flush", async () => {
    const e = await bigGroup();
    await fullRound(e);
    await leftWhole(e);
    const provisioner = new UserProvisioner(e.ctx);
    const ann = await newMember(e, "ann.archer");
    await provisioner.provision(userMessage(e, ann.id));

    await new GroupProvisioner(e.ctx).provision(groupMessage(e, ENG, { reason: "retry" }));
    assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, ann.id)), "the reconcile added the member so far");
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [WHOLE_GROUP_CHANGE], "kept for the flush");
    const ben = await newMember(e, "ben.baker");
    await provisioner.provision(userMessage(e, ben.id));
    await committed(e);
    const [probe] = e.queue.takeMessages<RemovalGateMessage>(QUEUES.deltaPages);
    assert.ok(probe);
    await new RemovalGate(e.ctx).probe(probe);
    await runGroupMessages(e);

    assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, ben.id)), "ben, provisioned after it, is in");
    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), []);
  });

  void it("a group not left whole gets its change recorded, and is looked at again 10 s later", async () => {
    const e = await bigGroup();
    await fullRound(e);
    const provisioner = new UserProvisioner(e.ctx);
    const firstChanges = countFirstChangeReads(e);
    const [ann, ben, cat] = [
      await newMember(e, "ann.archer"),
      await newMember(e, "ben.baker"),
      await newMember(e, "cat.cole"),
    ];
    await provisioner.provision(userMessage(e, ann.id));
    await provisioner.provision(userMessage(e, ben.id));
    assert.equal(firstChanges.reads, 1);
    e.clock.advance(UNCOVERED_RECHECK_MS);
    await leftWhole(e);
    await provisioner.provision(userMessage(e, cat.id));

    assert.equal(firstChanges.reads, 2);
    assert.deepEqual(
      e.stores.memberChanges.recorded(e.ctx.jobId, ENG),
      [WHOLE_GROUP_CHANGE, ann.id, ben.id].sort(),
      "ann and ben recorded; cat covered by the whole-group change",
    );
  });

  void it("a user run that crashed between marking the cycle and recording its changes records them when delivered again", async () => {
    const e = await bigGroup();
    await fullRound(e);
    const ann = await newMember(e, "ann.archer");
    const msg = userMessage(e, ann.id);
    const record = e.ctx.memberChanges.record.bind(e.ctx.memberChanges);
    e.ctx.memberChanges.record = () => Promise.reject(new Error("the process was killed here"));
    await assert.rejects(new UserProvisioner(e.ctx).provision(msg), /killed/);
    assert.deepEqual((await e.ctx.jobs.get(e.ctx.jobId)).deferredMembers, { cycleId: "cycle-1" });
    e.ctx.memberChanges.record = record;

    await new UserProvisioner(e.ctx).provision(msg);

    assert.deepEqual(e.stores.memberChanges.recorded(e.ctx.jobId, ENG), [ann.id]);
    assert.deepEqual(e.queue.peek(QUEUES.provisionGroups), [], "still deferred");
  });

  void it("a flush that crashed between writing its runs to the backlog and sending them sends them when it runs again", async () => {
    const { e, ann, probe } = await deferredThenCommitted();
    const send = e.queue.sendMany.bind(e.queue);
    e.queue.sendMany = (queue, messages, options) =>
      queue === QUEUES.provisionGroups
        ? Promise.reject(new Error("the process was killed here"))
        : send(queue, messages, options);
    await assert.rejects(new RemovalGate(e.ctx).probe(probe), /killed/);
    e.queue.sendMany = send;
    assert.equal(await e.ctx.pending.count("cycle-1"), 1, "the run is in the backlog, not sent");
    assert.equal((await cycleReport(e.ctx)).converged, false);

    await new RemovalGate(e.ctx).probe(probe); // the probe is delivered again

    await runGroupMessages(e);
    assert.ok(slackGroup(e)?.members.includes(await slackIdOf(e, ann.id)));
    assert.equal(await e.ctx.pending.count("cycle-1"), 0);
  });
});
