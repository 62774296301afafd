/**
 * The user provisioner on the in-memory engine (no Azurite, no HTTP): every outcome of one run, checked in Slack (the
 * emulator's directory), in the link, in the activity log and in the backlog.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ConcurrentWriteError,
  CredentialError,
  LeaseBusyError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import { QUEUES } from "../../../shared/queue/messages";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { observeUser, seedUser, unassignUser } from "../../support/memory/seedUser";

const link = async (e: InMemoryEngine, objectId: string) => (await e.ctx.links.get(e.ctx.jobId, objectId))?.link;
const provision = (e: InMemoryEngine, objectId: string) =>
  new UserProvisioner(e.ctx).provision(userMessage(e, objectId));
const slackUsers = (e: InMemoryEngine) => e.slack.directory.allUsers();

void describe("UserProvisioner on the in-memory engine", () => {
  void it("creates a new in-scope user with the mapped attributes, links it, records it and clears its backlog row", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park", { jobTitle: "Engineer", department: "R&D" });
    await seedUser(e, ada);
    const msg = userMessage(e, ada.id, { changeId: "m1", pendingKey: "scope-step|m1" });
    await e.ctx.pending.add("cycle-1", [{ key: "scope-step|m1", queue: QUEUES.provisionUsers, message: msg }]);

    const record = await new UserProvisioner(e.ctx).provision(msg);

    assert.equal(record?.action, "Create");
    assert.equal(record?.status, "Success");
    assert.deepEqual(
      record?.steps.map((s) => [s.name, s.status]),
      [
        ["import", "Success"],
        ["scope", "Success"],
        ["match", "Success"],
        ["action", "Success"],
      ],
    );
    const [created, ...others] = slackUsers(e);
    assert.ok(created);
    assert.equal(others.length, 0);
    assert.equal(created.userName, "ada.park");
    assert.equal(created.primaryEmail, "ada.park@contoso.example");
    assert.equal(created.displayName, "Ada Park");
    assert.equal(created.givenName, "Ada");
    assert.equal(created.familyName, "Park");
    assert.equal(created.title, "Engineer");
    assert.equal(created.enterprise.department, "R&D");
    assert.equal(created.active, true);

    const l = await link(e, ada.id);
    assert.equal(l?.slackId, created.id);
    assert.equal(l?.matchedBy, "created");
    assert.equal(l?.slackActive, true);
    assert.equal(l?.lastAction, "Create");
    assert.equal(l?.leaseOwner, undefined, "the lease is released");
    assert.equal(record?.slackId, created.id);
    assert.deepEqual(await e.ctx.activity.byObject(e.ctx.jobId, ada.id), [record]);
    assert.equal(await e.ctx.pending.count("cycle-1"), 0, "the backlog row is removed");
    assert.equal((await e.ctx.sources.get(e.ctx.jobId, ada.id))?.managed, true);
    assert.equal(await e.ctx.slackIndex.ownerOf(e.ctx.jobId, created.id), ada.id);
  });

  void it("adopts an existing Slack user with the same userName and email instead of creating a duplicate", async () => {
    const e = createInMemoryEngine();
    const existing = e.slack.directory.seedUser(
      {
        userName: "ada.park",
        displayName: "Ada (Slack)",
        emails: [{ value: "ada.park@contoso.example", primary: true }],
      },
      "member",
      true,
    );
    const ada = entraUser("ada.park", { jobTitle: "Engineer" });
    await seedUser(e, ada);

    const record = await provision(e, ada.id);

    assert.equal(record?.status, "Success");
    assert.equal(slackUsers(e).length, 1, "no duplicate");
    assert.equal(e.slack.requests.filter((r) => r.method === "POST").length, 0, "no POST /Users");
    const l = await link(e, ada.id);
    assert.equal(l?.slackId, existing.id);
    assert.notEqual(l?.matchedBy, "created");
    assert.match(record?.reason ?? "", new RegExp(`Adopted the existing Slack user ${existing.id}`));
    assert.equal(e.slack.directory.findUser(existing.id)?.title, "Engineer", "the adopted user gets the mapped values");
  });

  void it("adopts an existing Slack user by userName when only the userName matches (Slack keeps the UPN's local part)", async () => {
    const e = createInMemoryEngine();
    const existing = e.slack.directory.seedUser(
      { userName: "ada.park", emails: [{ value: "ada.old@contoso.example", primary: true }] },
      "member",
      true,
    );
    const ada = entraUser("ada.park");
    await seedUser(e, ada);

    const record = await provision(e, ada.id);

    assert.equal(record?.status, "Success", record?.reason);
    const l = await link(e, ada.id);
    assert.equal(l?.slackId, existing.id);
    assert.equal(l?.matchedBy, "userName");
  });

  void it("a second run with nothing changed is in sync and sends no write", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park", { jobTitle: "Engineer" });
    await seedUser(e, ada);
    await provision(e, ada.id);
    const sent = e.slack.requests.length;

    const record = await provision(e, ada.id);

    assert.equal(record?.action, "Skip");
    assert.equal(record?.status, "Skipped");
    assert.match(record?.reason ?? "", /in sync/i);
    assert.deepEqual(
      e.slack.requests.slice(sent).filter((r) => r.method !== "GET"),
      [],
    );
    assert.equal(slackUsers(e).length, 1);
  });

  void it("an attribute change sends one PATCH of just that attribute", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park", { jobTitle: "Engineer" });
    await seedUser(e, ada);
    await provision(e, ada.id);
    const slackId = (await link(e, ada.id))?.slackId ?? "";
    const sent = e.slack.requests.length;
    await observeUser(e, { ...ada, jobTitle: "Staff Engineer" });

    const record = await provision(e, ada.id);

    const writes = e.slack.requests.slice(sent).filter((r) => r.method !== "GET");
    assert.equal(writes.length, 1);
    assert.equal(writes[0]?.method, "PATCH");
    assert.equal(writes[0]?.path, `/Users/${slackId}`);
    assert.equal(record?.action, "Update");
    assert.deepEqual(record?.modifiedProperties, [{ name: "title", oldValue: "Engineer", newValue: "Staff Engineer" }]);
    assert.equal(e.slack.directory.findUser(slackId)?.title, "Staff Engineer");
  });

  void it("stages the deactivation of a linked user whose assignment was removed, and applies it once released", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park");
    await seedUser(e, ada);
    await provision(e, ada.id);
    const slackId = (await link(e, ada.id))?.slackId ?? "";
    await unassignUser(e, ada.id);

    const staged = await provision(e, ada.id);

    assert.equal(staged, undefined, "nothing is recorded while the removal waits for the deletion guard");
    assert.equal(e.slack.directory.findUser(slackId)?.active, true, "nothing is removed on the run's own decision");
    const row = await e.ctx.removals.get(e.ctx.jobId, "User", ada.id);
    assert.equal(row?.state, "staged");
    assert.match(row?.evidence ?? "", /no longer assigned/);
    assert.equal((await link(e, ada.id))?.removalPending, true);
    assert.deepEqual(
      e.queue.take(QUEUES.deltaPages).map((m) => m.message),
      [{ kind: "removalGate", jobId: e.ctx.jobId, cycleId: "cycle-1" }],
      "the first staged removal of a cycle queues the gate's probe",
    );

    const record = await new UserProvisioner(e.ctx).provision(userMessage(e, ada.id, { removal: "released" }));

    assert.equal(await e.ctx.removals.get(e.ctx.jobId, "User", ada.id), undefined, "the applied removal's row is gone");
    assert.equal((await link(e, ada.id))?.removalPending, undefined);
    assert.equal(record?.action, "Disable");
    assert.equal(record?.status, "Success");
    assert.match(record?.reason ?? "", /no longer assigned/);
    assert.equal(e.slack.directory.findUser(slackId)?.active, false);
    assert.equal((await link(e, ada.id))?.slackActive, false);
  });

  void it("a staging that fails fails the run like any other: the lease is released and the message retried", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park");
    await seedUser(e, ada);
    await provision(e, ada.id);
    await unassignUser(e, ada.id);
    const realStage = e.ctx.removals.stage.bind(e.ctx.removals);
    e.ctx.removals.stage = () => Promise.reject(new ConcurrentWriteError("the removal row kept changing"));

    await assert.rejects(provision(e, ada.id), ConcurrentWriteError);

    assert.equal((await link(e, ada.id))?.leaseOwner, undefined, "the lease was released, not left to expire");
    e.ctx.removals.stage = realStage;
    assert.equal(await provision(e, ada.id), undefined, "the retry stages it");
    assert.equal((await e.ctx.removals.get(e.ctx.jobId, "User", ada.id))?.state, "staged");
  });

  void it("two Entra users with one email: the second is a recorded Failure (email_taken), nothing thrown or duplicated", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park");
    const twin = entraUser("ada.twin", { mail: "ada.park@contoso.example" });
    await seedUser(e, ada);
    await seedUser(e, twin);
    await provision(e, ada.id);

    const record = await provision(e, twin.id);

    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "email_taken");
    assert.equal(slackUsers(e).length, 1);
    const l = await link(e, twin.id);
    assert.equal(l?.slackId, undefined);
    assert.equal(l?.failure?.code, "email_taken");
    assert.equal(l?.leaseOwner, undefined);
  });

  void it("Slack's own rejection of a write is a recorded Failure with Slack's code", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park");
    const bo = entraUser("bo.chen");
    await seedUser(e, ada);
    await seedUser(e, bo);
    await provision(e, ada.id);
    await provision(e, bo.id);
    const boSlackId = (await link(e, bo.id))?.slackId ?? "";
    await observeUser(e, { ...bo, mail: "ada.park@contoso.example" });

    const record = await provision(e, bo.id);

    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "email_taken");
    assert.match(record?.errorMessage ?? "", /HTTP 409/);
    assert.equal(e.slack.directory.findUser(boSlackId)?.primaryEmail, "bo.chen@contoso.example");
    assert.equal((await link(e, bo.id))?.failure?.code, "email_taken");
  });

  for (const [name, status, type] of [
    ["ThrottledError", 429, ThrottledError],
    ["TransientError", 503, TransientError],
  ] as const) {
    void it(`a retryable error from Slack (${name}) releases the lease and is rethrown without a record`, async () => {
      const e = createInMemoryEngine();
      const ada = entraUser("ada.park");
      await seedUser(e, ada);
      e.slack.injectFault({ method: "POST", pathContains: "/Users", status });
      const msg = userMessage(e, ada.id, { changeId: "m1", pendingKey: "scope-step|m1" });
      await e.ctx.pending.add("cycle-1", [{ key: "scope-step|m1", queue: QUEUES.provisionUsers, message: msg }]);

      await assert.rejects(new UserProvisioner(e.ctx).provision(msg), type);

      const l = await link(e, ada.id);
      assert.equal(l?.leaseOwner, undefined, "the lease is released");
      assert.equal(l?.slackId, undefined);
      assert.equal(l?.failure, undefined, "not remembered as a failure");
      assert.deepEqual(e.stores.activity.all(), []);
      assert.equal(await e.ctx.pending.count("cycle-1"), 1, "the backlog row stays until the retry");
      assert.equal(slackUsers(e).length, 0);
      // The retry succeeds at once: the lease was released.
      assert.equal((await new UserProvisioner(e.ctx).provision(msg))?.action, "Create");
    });
  }

  void it("refused Slack credentials quarantine the job and are rethrown, not recorded against the user", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park");
    await seedUser(e, ada);
    e.slack.injectFault({ method: "GET", pathContains: "/Users?", status: 401, code: "invalid_authentication" });

    await assert.rejects(provision(e, ada.id), CredentialError);

    const job = await e.ctx.jobs.get(e.ctx.jobId);
    assert.equal(job.lastError?.code, "SlackCredentialError");
    assert.equal(job.lastError?.at, e.clock.now().toISOString());
    assert.equal(job.quarantine?.reason, "EncounteredQuarantineException");
    assert.deepEqual(
      e.stores.activity.all().map((r) => [r.objectType, r.status, r.errorCode]),
      [["Job", "Failure", "SlackCredentialError"]],
      "one job record (the quarantine), none against the user",
    );
    const l = await link(e, ada.id);
    assert.equal(l?.leaseOwner, undefined);
    assert.equal(l?.failure, undefined);
  });

  void it("a lease held by another run throws LeaseBusyError and touches nothing; an expired one is taken over", async () => {
    const e = createInMemoryEngine();
    const ada = entraUser("ada.park");
    await seedUser(e, ada);
    const expires = new Date(e.clock.now().getTime() + 60_000).toISOString();
    await e.ctx.links.create(e.ctx.jobId, { objectId: ada.id, leaseOwner: "another-run", leaseExpiresAt: expires });

    await assert.rejects(provision(e, ada.id), LeaseBusyError);
    assert.equal(e.slack.requests.length, 0);
    assert.deepEqual(e.stores.activity.all(), []);
    assert.equal((await link(e, ada.id))?.leaseOwner, "another-run");

    e.clock.advance(60_001);
    assert.equal((await provision(e, ada.id))?.action, "Create");
  });
});
