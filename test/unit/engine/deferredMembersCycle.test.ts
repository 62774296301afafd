/**
 * A whole initial cycle on the in-memory engine for a tenant whose 5,200 users arrive in a full users round into two
 * assigned groups (one of them through a nested group): no group run is queued for member changes while the round
 * applies; once it is committed and applied, the cycle's probe flushes them, and each Slack group gets its members in
 * at most ⌈members / 5,000⌉ + 1 PATCHes (the groups round's reconcile, which creates it, being the + 1), and holds
 * exactly its members. The e2e counterpart, against the Slack emulator over HTTP, is test/e2e/groupMembershipWrites.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { ProvisionGroupMessage } from "../../../shared/queue/messages";
import { QUEUES } from "../../../shared/queue/messages";
import { GROUP_MEMBER_BATCH } from "../../../shared/slack/SlackGroup";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";

const USERS = 5_200;
const SMALL = 300;
const PAGE = 400;

void describe("a full users round writes each group's members after the round, in PATCHes of 5,000", () => {
  void it(`${USERS} users into Big (direct members) and Small (through a nested group)`, async (t) => {
    const e = createInMemoryEngine({ removalGuard: { deactivationThreshold: 1_000_000 } });
    const sp = e.ctx.servicePrincipalId;
    const users: GraphUser[] = Array.from({ length: USERS }, (_, i) => entraUser(`user${i}`));
    e.graph.assignments = ["big", "small"].map((id) => ({
      id: `a-${id}`,
      appRoleId: "r",
      principalId: id,
      principalType: "Group" as const,
      resourceId: sp,
    }));
    const members = (list: readonly GraphUser[]) => list.map((u) => ({ id: u.id, type: "user" as const }));
    e.graph.scriptGroupsDelta(undefined, {
      items: [
        {
          kind: "present",
          object: { id: "big", displayName: "Big", membersAdded: members(users), membersRemoved: [] },
        },
        {
          kind: "present",
          object: {
            id: "inner",
            displayName: "Inner",
            membersAdded: members(users.slice(0, SMALL)),
            membersRemoved: [],
          },
        },
        {
          kind: "present",
          object: {
            id: "small",
            displayName: "Small",
            membersAdded: [{ id: "inner", type: "group" }],
            membersRemoved: [],
          },
        },
      ],
      deltaLink: "G1",
    });
    for (let p = 0; p * PAGE < USERS; p++) {
      const items = users.slice(p * PAGE, (p + 1) * PAGE).map((object) => ({ kind: "present" as const, object }));
      const last = (p + 1) * PAGE >= USERS;
      e.graph.scriptUsersDelta(p === 0 ? undefined : `U-P${p}`, {
        items,
        ...(last ? { deltaLink: "U1" } : { nextLink: `U-P${p + 1}` }),
      });
    }
    // Every member-change run queued, with what the job said when it was queued.
    const memberRuns: { origin: string; phase: string }[] = [];
    const send = e.queue.sendMany.bind(e.queue);
    e.queue.sendMany = async (queue, messages, options) => {
      if (queue === QUEUES.provisionGroups) {
        const phase = (await e.ctx.jobs.get(e.ctx.jobId)).cyclePhase;
        for (const m of messages as ProvisionGroupMessage[]) {
          if (m.reason === "member") memberRuns.push({ origin: (m.pendingKey ?? "").split("|")[0] ?? "", phase });
        }
      }
      return send(queue, messages, options);
    };

    const started = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(started.started);
    await drainInMemory(e, 50_000);
    const report = await cycleReport(e.ctx);

    assert.equal(report.converged, true);
    assert.equal(report.counts.byAction.Create, USERS);
    assert.deepEqual(
      memberRuns,
      [
        { origin: `memberFlush:${started.cycleId}`, phase: "committed" },
        { origin: `memberFlush:${started.cycleId}`, phase: "committed" },
      ],
      "one member-change run per group, queued by the flush after the round, none while it applied",
    );
    const slackIdByUser = new Map(
      e.slack.directory.allUsers().map((u) => [e.slack.directory.toScim(u).userName, u.id] as const),
    );
    for (const [name, expected] of [
      ["Big", users],
      ["Small", users.slice(0, SMALL)],
    ] as const) {
      const group = e.slack.directory.allGroups().find((g) => g.displayName === name);
      assert.ok(group, `${name} exists in Slack`);
      const want = expected.map((u) => slackIdByUser.get(u.userPrincipalName?.split("@")[0] ?? "")).sort();
      assert.deepEqual([...group.members].sort(), want, `${name} holds exactly its members`);
      const patches = e.slack.requests.filter((r) => r.method === "PATCH" && r.path === `/Groups/${group.id}`);
      const bound = Math.ceil(expected.length / GROUP_MEMBER_BATCH) + 1;
      t.diagnostic(`${name}: ${expected.length} members, ${patches.length} PATCH(es) (bound ${bound})`);
      assert.ok(patches.length <= bound, `${name}: ${patches.length} PATCHes, at most ${bound}`);
    }
  });
});
