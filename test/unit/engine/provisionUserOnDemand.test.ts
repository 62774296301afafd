/**
 * Provision on demand for one user, on the in-memory engine: a fresh read from Graph run through the engine's own
 * provisioner now (create, update, deactivate), under the user's lease, with the Slack exchanges of the run; nothing
 * written for a user out of scope, a held removal never applied, a busy lease answered after a bounded wait.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { directReadSeq } from "../../../shared/engine/directReadSeq";
import type { OnDemandAnswer, OnDemandResult } from "../../../shared/engine/onDemand/OnDemandResult";
import { provisionUserOnDemand } from "../../../shared/engine/onDemand/provisionUserOnDemand";
import type { LeaseWait } from "../../../shared/engine/onDemand/waitForLease";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { InMemoryEngine, InMemoryEngineOptions } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { seedUser, unassignUser } from "../../support/memory/seedUser";

/** The token InMemorySlack sends: it must never appear in an answer. */
const TOKEN = "xoxp-in-memory-test-token";
const asked = { requestedBy: "ada@contoso.example (API)" };

/** An engine whose job row says what a committed first cycle leaves: users round 1 read, scope derived. */
async function afterFirstCycle(options: InMemoryEngineOptions = {}): Promise<InMemoryEngine> {
  const e = createInMemoryEngine(options);
  await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({
    ...s,
    cycleId: "cycle-1",
    cycleStartedAt: "2025-01-15T09:55:00.000Z",
    cyclePhase: "committed",
    users: { ...s.users, round: 1, phase: "done" },
    groups: { ...s.groups, round: 1, phase: "done" },
    lastCommittedCycleId: "cycle-1",
    lastCommittedAt: "2025-01-15T09:56:00.000Z",
  }));
  return e;
}

/** Seeds the user as the first cycle mirrored it, and Graph as it is now (`now`, default the same). */
async function known(e: InMemoryEngine, user: GraphUser, now: GraphUser = user, inScope = true): Promise<void> {
  await seedUser(e, user, { inScope });
  e.graph.setUser(now);
}

function done(result: OnDemandResult): OnDemandAnswer {
  assert.equal(result.kind, "done", JSON.stringify(result));
  return (result as { answer: OnDemandAnswer }).answer;
}

const stepsOf = (a: OnDemandAnswer) => a.steps.map((s) => [s.name, s.status]);

void describe("provision a user on demand", () => {
  void it("creates a new in-scope user now: the steps, the record marked on demand, the Slack request and answer", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park", { jobTitle: "Engineer" });
    await known(e, ada);

    const a = done(await provisionUserOnDemand(e.ctx, ada.id, asked));

    assert.equal(a.action, "Create");
    assert.equal(a.status, "Success");
    assert.equal(a.recorded, true);
    assert.deepEqual(stepsOf(a), [
      ["import", "Success"],
      ["scope", "Success"],
      ["match", "Success"],
      ["action", "Success"],
    ]);
    const [created] = e.slack.directory.allUsers();
    assert.equal(created?.userName, "ada.park");
    assert.equal(a.slackId, created?.id);
    assert.ok(a.modifiedProperties.some((p) => p.name === "title" && p.newValue === "Engineer"));
    const post = a.slack.find((x) => x.method === "POST");
    assert.equal(post?.path, "/Users");
    assert.equal(post?.status, 201);
    assert.equal((post?.requestBody as { userName?: string }).userName, "ada.park@contoso.example");
    assert.equal((post?.responseBody as { id?: string }).id, created?.id);
    assert.ok(a.slack.every((x) => x.durationMs >= 0));
    assert.equal(JSON.stringify(a).includes(TOKEN), false, "the token never appears in the answer");
    assert.match(a.scopeAsOf, /cycle cycle-1/);
    // The activity record is the cycle's kind of record, marked as on demand and naming who asked.
    const [record] = await e.ctx.activity.byObject(e.ctx.jobId, ada.id);
    assert.equal(record?.trigger, "onDemand");
    assert.equal(record?.requestedBy, asked.requestedBy);
    assert.equal(record?.cycleId, "cycle-1", "the current cycle's, so follow-on work and staging join it");
    assert.equal(record?.changeId, a.changeId);
    assert.deepEqual(record?.steps, a.steps);
  });

  void it("finds the user by UPN as well as by object id", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    const a = done(await provisionUserOnDemand(e.ctx, "Ada.Park@contoso.example", asked));
    assert.equal(a.objectId, ada.id);
    assert.equal(a.query, "Ada.Park@contoso.example");
    assert.equal(a.action, "Create");
  });

  void it("imports from Graph now, not the mirror: a change not yet read by a cycle is sent, and a cycle's run from the mirror does not undo it", async () => {
    const e = await afterFirstCycle();
    const before = entraUser("ada.park", { jobTitle: "Engineer" });
    await known(e, before);
    await new UserProvisioner(e.ctx).provision(userMessage(e, before.id));
    e.graph.setUser({ ...before, jobTitle: "Staff Engineer" });

    const a = done(await provisionUserOnDemand(e.ctx, before.id, asked));

    assert.equal(a.action, "Update");
    assert.deepEqual(a.modifiedProperties, [{ name: "title", oldValue: "Engineer", newValue: "Staff Engineer" }]);
    assert.equal(e.slack.directory.allUsers()[0]?.title, "Staff Engineer");
    const patch = a.slack.find((x) => x.method === "PATCH");
    assert.match(patch?.path ?? "", /^\/Users\/U/);
    assert.ok([200, 204].includes(patch?.status ?? 0));
    assert.equal(a.steps[0]?.detail, "Read ada.park@contoso.example from Entra ID (direct read).");
    // Filed in the mirror after round 1: a run of the cycle now acts on it and finds Slack in sync.
    assert.equal((await e.ctx.sources.get(e.ctx.jobId, before.id))?.seq, directReadSeq(1));
    const rerun = await new UserProvisioner(e.ctx).provision(userMessage(e, before.id));
    assert.equal(rerun?.action, "Skip");
    assert.equal(e.slack.directory.allUsers()[0]?.title, "Staff Engineer");
  });

  void it("a newer observation of the round being read stays in the mirror (the fresh read is filed before it)", async () => {
    const e = await afterFirstCycle();
    await e.ctx.jobs.apply(e.ctx.jobId, (s) => ({ ...s, users: { ...s.users, round: 2, phase: "reading" } }));
    const ada = entraUser("ada.park", { jobTitle: "Engineer" });
    await known(e, ada, { ...ada, jobTitle: "Lead" });
    await e.ctx.sources.saveObservations(e.ctx.jobId, [
      { objectId: ada.id, snapshot: { ...ada, jobTitle: "Principal" }, seq: "0000000002.000000.000001" },
    ]);
    const a = done(await provisionUserOnDemand(e.ctx, ada.id, asked));
    assert.equal((await e.ctx.sources.get(e.ctx.jobId, ada.id))?.snapshot?.jobTitle, "Principal");
    assert.match(a.steps[0]?.detail ?? "", /delta observation 0000000002/);
  });

  void it("out of scope and never provisioned: says why, and writes nothing anywhere (no link, no record, no Slack call)", async () => {
    const e = await afterFirstCycle();
    const otto = entraUser("otto.out");
    await known(e, otto, otto, false);
    const stores = e.dumpStores();

    const a = done(await provisionUserOnDemand(e.ctx, otto.id, asked));

    assert.equal(a.recorded, false);
    assert.equal(a.action, "Skip");
    assert.equal(a.status, "Skipped");
    assert.match(a.reason, /not assigned to the Slack application, directly or through an assigned group/);
    assert.match(a.reason, /Nothing was written/);
    assert.deepEqual(stepsOf(a), [
      ["import", "Success"],
      ["scope", "Skipped"],
    ]);
    assert.match(a.steps[1]?.detail ?? "", /counts from the next cycle/);
    assert.deepEqual(e.dumpStores(), stores, "no store changed");
    assert.equal(e.slack.requests.length, 0);
    assert.deepEqual(a.slack, []);
  });

  void it("OUT_OF_SCOPE_ACTION=leave: a provisioned user out of scope is left as it is on demand too, with a Skip", async () => {
    const e = await afterFirstCycle({ policies: { outOfScope: "leave" } });
    const lia = entraUser("lia.left");
    await known(e, lia);
    await new UserProvisioner(e.ctx).provision(userMessage(e, lia.id));
    await unassignUser(e, lia.id);
    const writes = e.slack.requests.filter((r) => r.method !== "GET").length;

    const a = done(await provisionUserOnDemand(e.ctx, lia.id, asked));

    assert.equal(a.action, "Skip");
    assert.match(a.reason, /^Left as it is in Slack: .*OUT_OF_SCOPE_ACTION is leave\.$/);
    assert.equal(e.slack.requests.filter((r) => r.method !== "GET").length, writes, "no Slack write");
    assert.equal(e.slack.directory.allUsers()[0]?.active, true);
    assert.equal(await e.ctx.removals.get(e.ctx.jobId, "User", lia.id), undefined);
  });

  void it("OUT_OF_SCOPE_ACTION=leave: never provisioned and out of scope, the answer names the setting", async () => {
    const e = await afterFirstCycle({ policies: { outOfScope: "leave" } });
    const otto = entraUser("otto.out");
    await known(e, otto, otto, false);
    const a = done(await provisionUserOnDemand(e.ctx, otto.id, asked));
    assert.equal(a.recorded, false);
    assert.match(a.reason, /Not provisioned: .*OUT_OF_SCOPE_ACTION is leave\. Nothing was written/);
  });

  void it("sign-in blocked and never provisioned: nothing to do, and the reason names accountEnabled", async () => {
    const e = await afterFirstCycle();
    const bea = entraUser("bea.blocked");
    await known(e, bea, { ...bea, accountEnabled: false });
    const a = done(await provisionUserOnDemand(e.ctx, bea.id, asked));
    assert.equal(a.recorded, false);
    assert.match(a.reason, /accountEnabled = false/);
    assert.equal(e.slack.requests.length, 0);
  });

  void it("a linked user out of scope is deactivated now: one operator's explicit decision, recorded as such", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id));
    await unassignUser(e, ada.id);

    const a = done(await provisionUserOnDemand(e.ctx, ada.id, asked));

    assert.equal(a.action, "Disable");
    assert.equal(a.status, "Success");
    assert.match(a.reason, /no longer assigned/);
    assert.equal(e.slack.directory.allUsers()[0]?.active, false);
    assert.deepEqual(a.modifiedProperties, [{ name: "active", oldValue: "true", newValue: "false" }]);
    assert.equal(
      (await e.ctx.removals.list(e.ctx.jobId, { state: "staged", objectType: "User" }, 10)).entries.length,
      0,
    );
  });

  void it("a deactivation the deletion guard holds (a mass removal) is never applied on demand: the answer says to approve it", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id));
    await unassignUser(e, ada.id);
    await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id)); // staged by the cycle's run
    const [row] = (await e.ctx.removals.list(e.ctx.jobId, { state: "staged", objectType: "User" }, 10)).entries;
    assert.ok(row);
    await e.ctx.removals.put(e.ctx.jobId, [{ ...row, state: "held", heldAt: "2025-01-15T10:00:00.000Z" }]);
    const stores = e.dumpStores();
    const requests = e.slack.requests.length;

    const a = done(await provisionUserOnDemand(e.ctx, ada.id, asked));

    assert.equal(a.recorded, false);
    assert.equal(a.action, "Disable");
    assert.equal(a.status, "Skipped");
    assert.equal(a.errorCode, "RemovalHeld");
    assert.match(a.reason, /POST \/api\/held\/approve/);
    assert.equal(e.slack.directory.allUsers()[0]?.active, true);
    assert.deepEqual(e.dumpStores(), stores);
    assert.equal(e.slack.requests.length, requests);
  });

  void it("waits for a lease another run holds and runs once it is released", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    await e.ctx.links.create(e.ctx.jobId, {
      objectId: ada.id,
      leaseOwner: "a-cycle-run",
      leaseExpiresAt: "2025-01-15T10:05:00.000Z",
    });
    let clock = 0;
    const wait: LeaseWait = {
      maxMs: 10_000,
      pollMs: 250,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
        // The cycle's run finishes after its third poll: it releases the lease.
        if (clock >= 750) {
          const held = await e.ctx.links.get(e.ctx.jobId, ada.id);
          if (held?.link.leaseOwner) await e.ctx.links.replace(e.ctx.jobId, { objectId: ada.id }, held.etag);
        }
      },
    };
    const a = done(await provisionUserOnDemand(e.ctx, ada.id, { ...asked, leaseWait: wait }));
    assert.equal(a.action, "Create");
    assert.equal(a.waitedForLeaseMs, 750);
    assert.equal(e.slack.directory.allUsers().length, 1);
  });

  void it("a lease still held after the wait: busy (409), naming until when, and nothing done", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    await e.ctx.links.create(e.ctx.jobId, {
      objectId: ada.id,
      leaseOwner: "a-cycle-run",
      leaseExpiresAt: "2025-01-15T10:05:00.000Z",
    });
    let clock = 0;
    const r = await provisionUserOnDemand(e.ctx, ada.id, {
      ...asked,
      leaseWait: { maxMs: 1_000, pollMs: 250, now: () => clock, sleep: (ms) => Promise.resolve(void (clock += ms)) },
    });
    assert.equal(r.kind, "busy");
    if (r.kind !== "busy") return;
    assert.equal(r.leaseExpiresAt, "2025-01-15T10:05:00.000Z");
    assert.equal(r.waitedMs, 1_000);
    assert.match(r.message, /being provisioned by another run \(a cycle's worker/);
    assert.equal(e.slack.writeRequests().length, 0);
    assert.equal((await e.ctx.activity.byObject(e.ctx.jobId, ada.id)).length, 0);
  });

  void it("Slack unavailable: 503-worthy, with the exchanges, the lease released and nothing recorded", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    e.slack.injectFault({ method: "POST", pathContains: "/Users", status: 503, code: "service_unavailable" });

    const r = await provisionUserOnDemand(e.ctx, ada.id, asked);

    assert.equal(r.kind, "unavailable");
    if (r.kind !== "unavailable") return;
    assert.equal(r.code, "SlackUnavailable");
    assert.ok(r.slack.some((x) => x.method === "POST" && x.status === 503));
    assert.equal(JSON.stringify(r).includes(TOKEN), false);
    assert.equal((await e.ctx.links.get(e.ctx.jobId, ada.id))?.link.leaseOwner, undefined);
    assert.equal((await e.ctx.activity.byObject(e.ctx.jobId, ada.id)).length, 0);
  });

  void it("a user Graph does not know: not found, nothing written", async () => {
    const e = await afterFirstCycle();
    const stores = e.dumpStores();
    const r = await provisionUserOnDemand(e.ctx, "nobody@contoso.example", asked);
    assert.equal(r.kind, "notFound");
    if (r.kind === "notFound") assert.match(r.message, /No user "nobody@contoso.example" in Entra ID/);
    assert.deepEqual(e.dumpStores(), stores);
    assert.equal((await provisionUserOnDemand(e.ctx, " ", asked)).kind, "notFound", "an empty query reads nothing");
    assert.deepEqual(e.graph.reads, ["nobody@contoso.example"]);
  });

  void it("a rejected value is a recorded Failure, as in a cycle, and the answer carries Slack's code", async () => {
    const e = await afterFirstCycle();
    const ada = entraUser("ada.park");
    await known(e, ada);
    e.slack.injectFault({ method: "POST", pathContains: "/Users", status: 400, code: "invalid_email" });
    const a = done(await provisionUserOnDemand(e.ctx, ada.id, asked));
    assert.equal(a.status, "Failure");
    assert.equal(a.errorCode, "invalid_email");
    assert.equal(a.recorded, true);
    assert.ok(a.slack.some((x) => x.status === 400));
  });
});
