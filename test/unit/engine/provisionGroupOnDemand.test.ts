/**
 * Provision a group on demand, on the in-memory engine: its in-scope members first (each a user's on-demand run, no
 * cap), then the group (create, members added) under its lease; nothing written for a group out of scope.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OnDemandAnswer, OnDemandResult } from "../../../shared/engine/onDemand/OnDemandResult";
import { provisionGroupOnDemand, summarize } from "../../../shared/engine/onDemand/provisionGroupOnDemand";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { InMemoryEngine, InMemoryEngineOptions } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { seedUser } from "../../support/memory/seedUser";

const ENG = "grp-eng";
const asked = { requestedBy: "ada@contoso.example (API)" };

/** Group Eng assigned, mirrored and derived by a committed first cycle, with these members in scope through it. */
async function eng(members: readonly GraphUser[], options: InMemoryEngineOptions = {}): Promise<InMemoryEngine> {
  const e = createInMemoryEngine(options);
  const { ctx } = e;
  await ctx.jobs.apply(ctx.jobId, (s) => ({
    ...s,
    cycleId: "cycle-1",
    cyclePhase: "committed",
    users: { ...s.users, round: 1, phase: "done" },
    groups: { ...s.groups, round: 1, phase: "done" },
    lastCommittedCycleId: "cycle-1",
  }));
  for (const u of members) {
    await seedUser(e, u, { viaGroups: [ENG] });
    e.graph.setUser(u);
  }
  await ctx.scope.apply(ctx.jobId, [{ principalId: ENG, principalType: "Group", appRoleId: "role-user" }], []);
  const ids = members.map((u) => u.id);
  await ctx.groups.save(
    ctx.jobId,
    [{ groupId: ENG, displayName: "Eng", round: 1, users: new Set(ids), groups: new Set() }],
    new Map(),
  );
  await ctx.groupMembers.apply(ctx.jobId, ENG, ids, []);
  e.graph.setGroup({ id: ENG, displayName: "Eng" });
  return e;
}

function done(result: OnDemandResult): OnDemandAnswer {
  assert.equal(result.kind, "done", JSON.stringify(result));
  return (result as { answer: OnDemandAnswer }).answer;
}

void describe("provision a group on demand", () => {
  void it("provisions every member first (no cap), then creates the group with them, and says how many", async () => {
    const ann = entraUser("ann.archer");
    const many = Array.from({ length: 12 }, (_, i) => entraUser(`m${String(i).padStart(2, "0")}.member`));
    const blocked = entraUser("cat.cole", { accountEnabled: false });
    const e = await eng([ann, ...many, blocked]);
    await new UserProvisioner(e.ctx).provision(userMessage(e, ann.id));

    const a = done(await provisionGroupOnDemand(e.ctx, ENG, { ...asked, memberConcurrency: 3 }));

    assert.equal(a.objectType, "Group");
    assert.equal(a.action, "Create");
    assert.equal(a.status, "Success");
    assert.equal(a.members?.total, 14);
    assert.deepEqual(a.members?.byAction, { Skip: 2, Create: 12 });
    assert.deepEqual(a.members?.notDone, { notFound: 0, busy: 0, unavailable: 0 });
    assert.match(a.members?.results.find((r) => r.objectId === blocked.id)?.reason ?? "", /accountEnabled = false/);
    const [group] = e.slack.directory.allGroups();
    assert.equal(group?.displayName, "Eng");
    assert.equal(group?.members.length, 13, "the provisioned, active members: all but the blocked one");
    assert.equal(a.membersAdded?.length, 13);
    assert.ok(a.slack.some((x) => x.method === "POST" && x.path === "/Groups" && x.status === 201));
    assert.ok(!a.slack.some((x) => x.path === "/Users"), "the members' exchanges are theirs, not the group's");
    const [record] = await e.ctx.activity.byObject(e.ctx.jobId, ENG);
    assert.equal(record?.trigger, "onDemand");
    const memberRecords = await e.ctx.activity.byObject(e.ctx.jobId, many[0]?.id ?? "");
    assert.equal(memberRecords[0]?.trigger, "onDemand");
  });

  void it("a group already in sync is recorded too (the operator's answer is that record)", async () => {
    const ann = entraUser("ann.archer");
    const e = await eng([ann]);
    done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    const a = done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    assert.equal(a.action, "Skip");
    assert.equal(a.reason, "In sync.");
    assert.equal(a.recorded, true);
    assert.equal((await e.ctx.activity.byObject(e.ctx.jobId, ENG)).length, 2);
  });

  void it("a rename in Entra not yet mirrored is pointed out, not applied (the next cycle applies it)", async () => {
    const ann = entraUser("ann.archer");
    const e = await eng([ann]);
    e.graph.setGroup({ id: ENG, displayName: "Engineering" });
    const a = done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    assert.equal(e.slack.directory.allGroups()[0]?.displayName, "Eng");
    assert.match(a.notes?.[0] ?? "", /"Engineering" now; the groups mirror still says "Eng"/);
  });

  void it("not assigned and never provisioned: says why, and writes nothing", async () => {
    const e = createInMemoryEngine();
    e.graph.setGroup({ id: "grp-x", displayName: "Sales" });
    const stores = e.dumpStores();
    const a = done(await provisionGroupOnDemand(e.ctx, "grp-x", asked));
    assert.equal(a.recorded, false);
    assert.match(a.reason, /not assigned to the Slack application/);
    assert.deepEqual(e.dumpStores(), stores);
    assert.equal(e.slack.requests.length, 0);
  });

  void it("with group provisioning off, a linked Slack group is left alone", async () => {
    const ann = entraUser("ann.archer");
    const e = await eng([ann]);
    done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    const off = { ...e.ctx, groupProvisioning: false };
    const a = done(await provisionGroupOnDemand(off, ENG, asked));
    assert.equal(a.recorded, false);
    assert.match(a.reason, /GROUP_PROVISIONING=false/);
    assert.equal(e.slack.directory.allGroups().length, 1);
  });

  void it("an unassigned group with a Slack group: deleted now when asked for by name, unless the deletion guard holds it", async () => {
    const ann = entraUser("ann.archer");
    const e = await eng([ann]);
    done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    await e.ctx.scope.apply(e.ctx.jobId, [], [ENG]);
    const slackGroup = e.slack.directory.allGroups()[0];
    await e.ctx.removals.put(e.ctx.jobId, [
      {
        objectType: "Group",
        objectId: ENG,
        evidence: "unassigned",
        state: "held",
        cycleId: "cycle-1",
        stagedAt: "2025-01-15T10:00:00.000Z",
      },
    ]);
    const held = done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    assert.equal(held.recorded, false);
    assert.equal(held.action, "Delete");
    assert.equal(held.errorCode, "RemovalHeld");
    assert.equal(e.slack.directory.allGroups().length, 1);

    await e.ctx.removals.remove(e.ctx.jobId, "Group", ENG);
    const a = done(await provisionGroupOnDemand(e.ctx, ENG, asked));
    assert.equal(a.action, "Delete");
    assert.equal(a.status, "Success");
    assert.equal(a.members?.total, 0, "an unwanted group's members are not provisioned");
    assert.ok(a.slack.some((x) => x.method === "DELETE" && x.path === `/Groups/${slackGroup?.id ?? "?"}`));
    assert.equal(e.slack.directory.allGroups().length, 0);
  });

  void it("a group Graph does not know: not found", async () => {
    const e = createInMemoryEngine();
    const r = await provisionGroupOnDemand(e.ctx, "grp-gone", asked);
    assert.equal(r.kind, "notFound");
  });

  void it("summarize counts the members by action and status, and those not done by why", () => {
    assert.deepEqual(
      summarize([
        { objectId: "a", outcome: "done", action: "Create", status: "Success", reason: "", slackRequests: 2 },
        { objectId: "b", outcome: "done", action: "Skip", status: "Skipped", reason: "", slackRequests: 0 },
        { objectId: "c", outcome: "busy", reason: "", slackRequests: 0 },
        { objectId: "d", outcome: "notFound", reason: "", slackRequests: 0 },
      ]).notDone,
      { notFound: 1, busy: 1, unavailable: 0 },
    );
  });
});
