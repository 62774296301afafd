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
import { userMessage } from "../../support/memory/provisionMessage";
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

  void it("a report queued when its manager arrives survives a crash before the send", async () => {
    const e = createInMemoryEngine();
    const boss = entraUser("bea.boss");
    const ann = entraUser("ann.archer", { managerId: boss.id });
    await seedUser(e, ann);
    await seedUser(e, boss);
    await e.ctx.reports.move(e.ctx.jobId, [{ reportId: ann.id, before: undefined, after: boss.id }]);
    const msg = userMessage(e, boss.id);
    crashOnNextSend(e, QUEUES.provisionUsers);

    await assert.rejects(new UserProvisioner(e.ctx).provision(msg), /killed/);
    await new UserProvisioner(e.ctx).provision(msg);

    const users = e.queue.takeMessages<ProvisionUserMessage>(QUEUES.provisionUsers);
    assert.deepEqual(
      users.map((u) => [u.objectId, u.reason]),
      [[ann.id, "manager"]],
    );
  });
});
