/**
 * A full users round leaves group members to its end: the scope step's reconcile creates or adopts the Slack group
 * without reading a member's link, records a whole-group change, and the flush reconciles the group whole, so the
 * Slack group ends exact (strangers removed, every provisioned member in) and no member link was read before the round.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WHOLE_GROUP_CHANGE } from "../../../shared/engine/WholeGroupCoverage";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { runCycleInMemory, slackUserNames } from "../../support/memory/scriptedTenant";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { receiveQueueMessage } from "../../../shared/engine/receiveQueueMessage";
import { QUEUE_NAMES } from "../../../shared/queue/queueCatalog";
import { cloneJson } from "../../support/memory/cloneJson";
import { cycleReport } from "../../../shared/engine/CycleStatus";

const ann = entraUser("ann.archer");
const ben = entraUser("ben.baker");

/** Ann and Ben through the assigned group Eng; Slack already has a group "Eng" with a stranger in it. */
function tenant(): { e: InMemoryEngine; existingId: string } {
  const e = createInMemoryEngine();
  const sp = e.ctx.servicePrincipalId;
  e.graph.assignments = [{ id: "a1", appRoleId: "r", principalId: "eng", principalType: "Group", resourceId: sp }];
  e.graph.scriptGroupsDelta(undefined, {
    items: [
      {
        kind: "present",
        object: {
          id: "eng",
          displayName: "Eng",
          membersAdded: [
            { id: ann.id, type: "user" },
            { id: ben.id, type: "user" },
          ],
          membersRemoved: [],
        },
      },
    ],
    deltaLink: "G-D1",
  });
  e.graph.scriptUsersDelta(undefined, {
    items: [
      { kind: "present", object: ann },
      { kind: "present", object: ben },
    ],
    deltaLink: "U-D1",
  });
  const stranger = e.slack.directory.seedUser(
    { userName: "ext.partner", emails: [{ value: "ext@partner.example", primary: true }] },
    "member",
    true,
  );
  const existing = e.slack.store.seedGroup({ displayName: "Eng", members: [stranger.id] });
  return { e, existingId: existing.id };
}

void describe("group members at the end of a full users round", () => {
  void it("the scope step adopts the group without reading members; the flush makes it exact", async () => {
    const { e, existingId } = tenant();
    // How many users Slack held each time a reconcile read the group's members (the scope step's reads none).
    const usersInSlackAtMemberReads: number[] = [];
    const realList = e.ctx.groupMembers.list.bind(e.ctx.groupMembers);
    e.ctx.groupMembers.list = (jobId, groupId, range) => {
      // (The scope's derivation reads them by key range; a reconcile reads them whole.)
      if (range === undefined) usersInSlackAtMemberReads.push(slackUserNames(e).length);
      return realList(jobId, groupId, range);
    };
    const realRecord = e.ctx.memberChanges.record.bind(e.ctx.memberChanges);
    const recorded: string[] = [];
    e.ctx.memberChanges.record = (jobId, changes) => {
      recorded.push(...changes.map((c) => c.userId));
      return realRecord(jobId, changes);
    };
    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    assert.deepEqual(usersInSlackAtMemberReads, [3], "the members read once, after the round (2 users + the stranger)");
    assert.deepEqual(
      recorded,
      [WHOLE_GROUP_CHANGE],
      "the scope step left the whole group to the round's end; the users' runs recorded no change of their own",
    );
    const members = e.slack.directory.findGroup(existingId)?.members.sort();
    const slackIds = await Promise.all(
      [ann, ben].map(async (u) => (await e.ctx.links.get(e.ctx.jobId, u.id))?.link.slackId),
    );
    assert.deepEqual(members, slackIds.sort(), "the stranger is out, Ann and Ben are in");
    assert.equal(members?.length, 2);
    assert.deepEqual(
      (await e.ctx.memberChanges.list(e.ctx.jobId, "eng", 10)).changes,
      [],
      "every change applied, the whole-group one included",
    );
  });

  void it("the run that empties the round's backlog queues the flush itself, without waiting for the gate's probe", async () => {
    const { e } = tenant();
    const started = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(started.started);
    // Each delivery as "<queue>:<kind>", and what it sent to provision-groups; delayed ones move the clock (drainInMemory).
    const senders: string[] = [];
    for (let n = 0; n < 500; n++) {
      const batch = QUEUE_NAMES.flatMap((name) => e.queue.take(name));
      if (batch.length === 0) break;
      for (const sent of batch) {
        if (sent.delayMs > 0) e.clock.advance(sent.delayMs);
        const before = e.queue.peek("provision-groups").length;
        await receiveQueueMessage(e.ctx, sent.queue, cloneJson(sent.message), e.log);
        const groupRuns = e.queue.peek("provision-groups").slice(before);
        const reasons = groupRuns.map((g) => (g.message as { reason?: string }).reason);
        if (reasons.includes("member")) senders.push(`${sent.queue}:${(sent.message as { kind?: string }).kind}`);
      }
    }
    const report = await cycleReport(e.ctx);
    assert.equal(report.converged, true);
    assert.deepEqual(senders, ["provision-users:provisionUser"], "the member run came from the last user run");
    assert.ok(
      e.log.lines.some((l) => /its backlog is empty; the member changes of 1 group\(s\) are queued/.test(l.message)),
    );
  });
});
