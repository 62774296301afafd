/**
 * The backlog as an outbox, proved at the exact window it exists for: a provisioning run writes the user's link, then
 * queues the work that follows from it (the user's groups, its reports); if the process dies after the backlog row is
 * written and before the message is sent, the re-delivered run must send it, because the run itself will not queue it
 * again (the link already says the user is in Slack). The crash is injected at that point, not provoked by timing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import type { ProvisionGroupMessage, ProvisionUserMessage } from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import type { QueueName } from "../../../shared/queue/messages";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { groupMessage, userMessage } from "../../support/memory/provisionMessage";
import { acquireLinkLease } from "../../../shared/engine/linkLease";
import { seedUser } from "../../support/memory/seedUser";

const ENG = "grp-eng";

/** Makes the next send to `queue` fail as a killed process would: nothing sent, the caller's step interrupted. */
function crashOnNextSend(e: InMemoryEngine, queue: QueueName): void {
  const real = e.queue.sendMany.bind(e.queue);
  let armed = true;
  e.queue.sendMany = (q, messages, options) => {
    if (armed && q === queue) {
      armed = false;
      return Promise.reject(new Error("the process was killed here"));
    }
    return real(q, messages, options);
  };
}

/** An engine with Bea and her report Ann in the mirror, neither provisioned yet. */
async function managerAndReport() {
  const e = createInMemoryEngine();
  const boss = entraUser("bea.boss");
  const ann = entraUser("ann.archer", { managerId: boss.id });
  await seedUser(e, ann);
  await seedUser(e, boss);
  return { e, boss, ann };
}

void describe("the backlog is an outbox (in memory, crash injected at the window)", () => {
  void it("a user's group reconcile queued after its link write survives a crash before the send", async () => {
    const e = createInMemoryEngine();
    const ann = entraUser("ann.archer");
    await seedUser(e, ann, { viaGroups: [ENG] });
    const msg = userMessage(e, ann.id);
    crashOnNextSend(e, QUEUES.provisionGroups);

    await assert.rejects(new UserProvisioner(e.ctx).provision(msg), /killed/);
    assert.deepEqual(e.queue.peek(QUEUES.provisionGroups), [], "the crash came before the send");
    assert.ok((await e.ctx.links.get(e.ctx.jobId, ann.id))?.link.slackId, "the link write came before it");

    // The host delivers the same message again.
    await new UserProvisioner(e.ctx).provision(msg);

    const groups = e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups);
    assert.deepEqual(
      groups.map((g) => g.groupId),
      [ENG],
      "the re-delivered run sent the group reconcile the crashed run had written to the backlog",
    );
    assert.equal(e.slack.directory.allUsers().length, 1, "and created nobody twice");
  });

  void it("the queue's delivery count decides the backlog read: none on a first delivery, a re-send on the next", async () => {
    const e = createInMemoryEngine();
    const ann = entraUser("ann.archer");
    await seedUser(e, ann, { viaGroups: [ENG] });
    const msg = userMessage(e, ann.id);
    let reads = 0;
    const byOrigin = e.ctx.pending.byOrigin.bind(e.ctx.pending);
    e.ctx.pending.byOrigin = (cycleId, origin) => {
      reads++;
      return byOrigin(cycleId, origin);
    };
    crashOnNextSend(e, QUEUES.provisionGroups);

    await assert.rejects(new UserProvisioner(e.ctx).provision(msg, undefined, { dequeueCount: 1 }), /killed/);
    assert.equal(reads, 0, "a first delivery cannot have queued anything before: no backlog read");
    await new UserProvisioner(e.ctx).provision(msg, undefined, { dequeueCount: 2 });
    assert.equal(reads, 1, "the re-delivery reads its backlog rows");
    assert.deepEqual(
      e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups).map((g) => g.groupId),
      [ENG],
      "and sends what the crashed run had written",
    );
    // A retry's copy is delivered for the first time but follows a failed run: it reads its backlog too.
    await new UserProvisioner(e.ctx).provision({ ...msg, attempt: 1 }, undefined, { dequeueCount: 1 });
    assert.equal(reads, 2);
  });

  void it("a first delivery that takes over a dead run's lease re-sends what that run had written", async () => {
    const e = createInMemoryEngine();
    const ann = entraUser("ann.archer");
    await seedUser(e, ann, { viaGroups: [ENG] });
    const msg = userMessage(e, ann.id);
    // A run of this change died holding Ann's lease, after writing a group reconcile to the backlog and before sending
    // it; the backlog then sent a copy of the message (a re-delivered page), which the queue delivers for the first time.
    await acquireLinkLease(e.ctx.links, {
      jobId: e.ctx.jobId,
      objectId: ann.id,
      owner: "the-dead-run",
      leaseMs: 1_000,
      now: e.clock.now,
      what: "User ann",
    });
    const orphan = groupMessage(e, ENG, { pendingKey: `${msg.changeId}|orphan` });
    await e.ctx.pending.add(msg.cycleId, [
      { key: `${msg.changeId}|orphan`, queue: QUEUES.provisionGroups, message: orphan },
    ]);
    e.clock.advance(2_000);

    await new UserProvisioner(e.ctx).provision(msg, undefined, { dequeueCount: 1 });
    const sent = e.queue.takeMessages<ProvisionGroupMessage>(QUEUES.provisionGroups);
    assert.ok(
      sent.some((g) => g.changeId === orphan.changeId),
      "the dead run's backlog row was sent when its lease was taken over",
    );
  });

  void it("a report queued when its manager arrives survives a crash before the send", async () => {
    const { e, boss, ann } = await managerAndReport();
    await e.ctx.reports.move(e.ctx.jobId, [{ reportId: ann.id, before: undefined, after: boss.id }]);
    // Ann is provisioned first: her manager is not in Slack yet, so she waits for him.
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    e.queue.take(QUEUES.provisionUsers);
    const msg = userMessage(e, boss.id);
    crashOnNextSend(e, QUEUES.provisionFollowUps);

    await assert.rejects(new UserProvisioner(e.ctx).provision(msg), /killed/);
    await new UserProvisioner(e.ctx).provision(msg);

    // The re-sent message, and the one the re-delivered run queues from her manager's waiting list, which the crashed
    // run could not clear (a crash before the backlog write would have lost her otherwise). Duplicates are harmless.
    const users = e.queue.takeMessages<ProvisionUserMessage>(QUEUES.provisionFollowUps);
    assert.deepEqual(
      users.map((u) => [u.objectId, u.reason]),
      [
        [ann.id, "manager"],
        [ann.id, "manager"],
      ],
    );
    // Taken once the queueing succeeded: a later arrival of the manager queues nobody.
    const again = { ...userMessage(e, boss.id), changeId: "later" };
    await new UserProvisioner(e.ctx).provision(again);
    assert.deepEqual(e.queue.takeMessages<ProvisionUserMessage>(QUEUES.provisionFollowUps), []);
  });

  void it("a report queued from its manager's waiting list survives a crash before the backlog write", async () => {
    const { e, boss, ann } = await managerAndReport();
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));
    e.queue.take(QUEUES.provisionUsers);
    const msg = userMessage(e, boss.id);
    const realAdd = e.ctx.pending.add.bind(e.ctx.pending);
    let armed = true;
    e.ctx.pending.add = (cycleId, entries) => {
      if (armed && entries.some((p) => (p.message as ProvisionUserMessage).objectId === ann.id)) {
        armed = false;
        return Promise.reject(new Error("the process was killed here"));
      }
      return realAdd(cycleId, entries);
    };

    await assert.rejects(new UserProvisioner(e.ctx).provision(msg), /killed/);
    assert.deepEqual(e.queue.peek(QUEUES.provisionFollowUps), [], "nothing was written or sent for Ann");
    await new UserProvisioner(e.ctx).provision(msg);

    const users = e.queue.takeMessages<ProvisionUserMessage>(QUEUES.provisionFollowUps);
    assert.deepEqual(
      users.map((u) => [u.objectId, u.reason]),
      [[ann.id, "manager"]],
      "the re-delivered run took the waiting list the crashed run left",
    );
  });
});
