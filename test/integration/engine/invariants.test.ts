/**
 * The invariants of ARCHITECTURE.md, each proven against real Azurite and both emulators with the engine in-process.
 * Every test here fails if the mechanism it names is removed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { LeaseBusyError, SlackTokenUnhealthyError, TransientError } from "../../../shared/errors";
import { EMULATOR_INSTALLER_ID } from "../../../dev/slack-emulator";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import type { ProvisionUserMessage } from "../../../shared/queue/messages";
import type { SlackTarget } from "../../../shared/slack/SlackTarget";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

async function harness(options: Partial<ConstructorParameters<typeof EngineHarness>[0]> = {}): Promise<EngineHarness> {
  const { connectionString } = await azurite.ready();
  const h = await new EngineHarness({ connectionString, ...options }).start();
  azurite.beforeStop(() => h.stop());
  return h;
}

const active = (h: EngineHarness) => h.slackUsers().filter((u) => u.active && u.role === "member");

void describe("invariant 1: no deactivation without evidence", () => {
  let h: EngineHarness;
  const ids: string[] = [];
  before(async () => {
    h = await harness();
    for (const n of ["ann", "ben", "cat"]) ids.push(h.addUser(`${n}@contoso.example`));
    const r = await h.runCycle();
    assert.equal(r.converged, true);
    assert.equal(active(h).length, 3);
  });

  void it("a failed assignments read starts no cycle and deactivates nobody", async () => {
    h.graph.directory.injectFault({ pathContains: "appRoleAssignedTo", status: 500, count: 50 });
    await assert.rejects(h.startCycle());
    h.graph.directory.clearFaults();
    const r = await h.report();
    assert.equal(r.lastError?.code.length ? true : false, true);
    assert.equal(active(h).length, 3);
  });

  void it("an empty assignments read keeps the old scope and deactivates nobody", async () => {
    for (const id of ids) h.graph.directory.unassign(id);
    const r = await h.runCycle();
    assert.equal(r.converged, true);
    assert.equal(active(h).length, 3, "an empty read must not deactivate everyone");
    const warnings = await h.ctx.activity.byTime(h.ctx.jobId, { status: "Warning" });
    assert.ok(warnings.some((w) => /no assignments/.test(w.reason)));
    for (const id of ids) h.graph.directory.assign({ principalId: id });
  });

  void it("a throttled delta read is retried, never a failure, and deactivates nobody", async () => {
    h.graph.directory.injectFault({ pathContains: "/users/delta", status: 429, retryAfterSeconds: 1, count: 5 });
    const r = await h.runCycle();
    assert.equal(r.converged, true);
    assert.equal(r.counts.byStatus.Failure ?? 0, 0);
    assert.equal(active(h).length, 3);
  });

  void it("unassigning one user (seen in a complete read) deactivates exactly that user", async () => {
    h.graph.directory.unassign(ids[0] as string);
    const r = await h.runCycle();
    assert.equal(r.counts.byAction.Disable, 1);
    assert.equal((await h.slackUserOf(ids[0] as string))?.active, false);
    assert.equal(active(h).length, 2);
  });
});

void describe("invariant 2: no duplicates", () => {
  void it("the same message twice creates one Slack user; the second run is a no-op", async () => {
    const h = await harness();
    const id = h.addUser("dora@contoso.example");
    await h.runCycle();
    const msg: ProvisionUserMessage = {
      kind: "provisionUser",
      jobId: h.ctx.jobId,
      cycleId: "redelivery",
      objectId: id,
      reason: "delta",
      changeId: "c1",
    };
    const record = await new UserProvisioner(h.ctx).provision(msg);
    assert.equal(record?.action, "Skip");
    assert.equal(h.slackUsers().filter((u) => u.userName === "dora").length, 1);
    assert.equal(h.slack.store.requests().filter((r) => r.method === "POST" && r.path === "/scim/v2/Users").length, 1);
  });

  void it("a crash after Slack created the user but before the link was written adopts it on retry", async () => {
    let crashOnce = true;
    const h = await harness({
      customize: (ctx) => {
        const real = ctx.slack;
        const slack: SlackTarget = {
          get stats() {
            return real.stats;
          },
          getUser: (id) => real.getUser(id),
          findUsersByUserName: (v) => real.findUsersByUserName(v),
          findUsersByEmail: (v) => real.findUsersByEmail(v),
          patchUser: (id, ops) => real.patchUser(id, ops),
          countUsers: () => real.countUsers(),
          totalUsers: () => real.totalUsers(),
          listUsers: (onPage) => real.listUsers(onPage),
          listUsersPage: (startIndex, count) => real.listUsersPage(startIndex, count),
          createUser: async (user) => {
            const created = await real.createUser(user);
            if (crashOnce) {
              crashOnce = false;
              throw new TransientError("SimulatedCrash", "the worker died after POST /Users succeeded");
            }
            return created;
          },
        };
        return { ...ctx, slack };
      },
    });
    const id = h.addUser("eve.crash@contoso.example");
    const r = await h.runCycle();
    assert.equal(r.converged, true);
    assert.equal(r.counts.byStatus.Failure ?? 0, 0, JSON.stringify(r.rejected));
    assert.equal(h.slackUsers().filter((u) => u.userName === "eve.crash").length, 1);
    const link = await h.link(id);
    assert.notEqual(link?.matchedBy, "created", "the retry must find the user it created instead of creating again");
    assert.ok(link?.slackId);
  });

  void it("two workers racing on one user: the second finds the lease taken, and Slack gets one create", async () => {
    const h = await harness();
    const id = h.addUser("gus.race@contoso.example");
    // In scope (as a cycle's scope refresh would record it), not yet provisioned.
    await h.ctx.userScope.apply(
      h.ctx.jobId,
      [{ userId: id, direct: true, viaGroups: [], paths: ["assigned directly"] }],
      [],
    );
    const msg: ProvisionUserMessage = {
      kind: "provisionUser",
      jobId: h.ctx.jobId,
      cycleId: "race",
      objectId: id,
      reason: "scope",
      changeId: "c-race",
    };
    // The interleaving is placed, not timed: worker A stops right before its POST /Users (it has taken the lease and
    // found no Slack user) until worker B has run from start to end.
    let atCreate: () => void = () => undefined;
    const aAtCreate = new Promise<void>((resolve) => (atCreate = resolve));
    let letAGo: () => void = () => undefined;
    const aMayCreate = new Promise<void>((resolve) => (letAGo = resolve));
    const real = h.ctx.slack;
    const createA: SlackTarget["createUser"] = async (user) => {
      atCreate();
      await aMayCreate;
      return real.createUser(user);
    };
    const slackA = new Proxy(real, {
      get(target, key) {
        if (key === "createUser") return createA;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const a = new UserProvisioner({ ...h.ctx, slack: slackA }).provision(msg);
    await aAtCreate;

    const b = await new UserProvisioner(h.ctx).provision(msg).then(
      () => undefined,
      (e: unknown) => e,
    );
    letAGo();
    await a;

    assert.ok(b instanceof LeaseBusyError, `worker B must find the lease taken, got ${String(b)}`);
    const creates = h.slack.store.requests().filter((r) => r.method === "POST" && r.path.endsWith("/Users"));
    assert.equal(creates.length, 1, "one POST /Users, by worker A");
    const slackUser = h.slackUsers().find((u) => u.userName === "gus.race");
    assert.equal((await h.link(id))?.slackId, slackUser?.id, "worker A linked the one Slack user");
  });
});

void describe("invariant 3: nothing lost", () => {
  void it("a re-delivered delta page is harmless and the round still commits once", async () => {
    const h = await harness({ deltaPageSize: 2 });
    for (let i = 0; i < 5; i++) h.addUser(`page${i}@contoso.example`);
    await h.startCycle();
    const pages = await h.storage.ensureQueue("delta-pages");
    // The groups round comes first; play it, then take the first users page.
    type Msg = Parameters<EngineHarness["dispatch"]>[1];
    let first;
    let msg: Msg | undefined;
    for (let i = 0; i < 20 && !msg; i++) {
      first = (await pages.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 30 })).receivedMessageItems[0];
      assert.ok(first);
      const m = JSON.parse(Buffer.from(first.messageText, "base64").toString("utf8")) as Msg;
      if (m.kind === "usersDeltaPage") msg = m;
      else {
        await h.dispatch("delta-pages", m);
        await pages.deleteMessage(first.messageId, first.popReceipt);
      }
    }
    assert.ok(first && msg, "the first users page was queued");
    await h.dispatch("delta-pages", msg);
    await h.dispatch("delta-pages", msg); // re-delivery (the first delete never happened)
    await pages.deleteMessage(first.messageId, first.popReceipt);
    await h.drain();
    const r = await h.report();
    assert.equal(r.converged, true);
    assert.equal(r.pagesRead, 3);
    assert.equal(active(h).length, 5);
  });

  void it("work written to the backlog but never sent (a crash in between) is sent when the step is re-delivered", async () => {
    let failOnce = true;
    const h = await harness({
      customize: (ctx) => ({
        ...ctx,
        queue: {
          send: (q, m, o) => ctx.queue.send(q, m, o),
          sendMany: async (q, m, o) => {
            if (q === "provision-users" && failOnce) {
              failOnce = false;
              throw new Error("the worker died between writing the backlog and sending");
            }
            await ctx.queue.sendMany(q, m, o);
          },
        },
      }),
    });
    for (const n of ["out.one", "out.two"]) h.addUser(`${n}@contoso.example`);
    const r = await h.runCycle();
    assert.equal(failOnce, false, "the simulated crash happened");
    assert.equal(r.converged, true);
    assert.equal(r.backlog, 0, "no orphan row in the backlog");
    assert.equal(active(h).length, 2);
  });

  void it("Slack 429s are waited out, never recorded as failures", async () => {
    const h = await harness();
    for (let i = 0; i < 3; i++) h.addUser(`throttled${i}@contoso.example`);
    h.slack.store.injectFault({ method: "POST", pathContains: "/Users", retryAfterSeconds: 1, times: 4 });
    const r = await h.runCycle();
    assert.equal(r.counts.byStatus.Failure ?? 0, 0);
    assert.equal(r.counts.byAction.Create, 3);
  });

  void it("a permanent Slack rejection is recorded with Slack's code, does not block others, and waits for a change", async () => {
    const h = await harness();
    const bad = h.addUser("refused.by.slack@contoso.example");
    h.addUser("fine@contoso.example");
    // Slack refuses this user's create on its own rules: the userName collides with a channel name.
    h.slack.store.setChannelNames(["refused.by.slack"]);
    const r = await h.runCycle();
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0]?.errorCode, "username_taken");
    assert.match(r.rejected[0]?.reason ?? "", /username_taken/);
    assert.equal(active(h).length, 1);
    // Unchanged user: not retried (no POST), recorded as held.
    h.slack.store.clearRequests();
    await h.runCycle(true);
    assert.equal(h.slack.store.requests().filter((x) => x.method === "POST").length, 0);
    // The channel is renamed and the user changes in Entra: retried, and this time Slack accepts.
    h.slack.store.setChannelNames([]);
    h.graph.directory.updateUser(bad, { jobTitle: "Renamed" });
    const fixed = await h.runCycle();
    assert.equal(fixed.counts.byAction.Create, 1);
    assert.equal((await h.slackUserOf(bad))?.title, "Renamed");
  });

  void it("pre-flight validation rejects what Slack would refuse without any API call", async () => {
    const h = await harness();
    const bad = h.addUser("this.name.is.far.too.long.for.slack@contoso.example");
    h.addUser("ok.user@contoso.example", { displayName: "Ok @ User" });
    h.slack.store.clearRequests();
    const r = await h.runCycle();
    assert.deepEqual(r.rejected.map((x) => x.errorCode).sort(), ["invalid_name_specials", "long_username"]);
    assert.ok(r.rejected.every((x) => /Not sent to Slack/.test(x.reason)));
    // A full cycle lists Slack's users once (its snapshot for matching) after the token check (auth.test and the
    // token owner's record); nothing else reaches Slack.
    const owner = EMULATOR_INSTALLER_ID;
    const calls = h.slack.store
      .requests()
      .filter(
        (x) =>
          !/\/Users\?startIndex=/.test(x.path) && x.path !== "/api/auth.test" && x.path !== `/scim/v2/Users/${owner}`,
      );
    assert.deepEqual(calls, [], "no API call was spent on invalid users");
    const record = (await h.ctx.activity.byObject(h.ctx.jobId, bad))[0];
    assert.match(record?.errorMessage ?? "", /userName/);
  });

  void it("an expired delta token triggers a full re-read with no duplicate and nobody deactivated", async () => {
    const h = await harness();
    const ids = ["hal", "ida", "jon"].map((n) => h.addUser(`${n}@contoso.example`));
    await h.runCycle();
    h.graph.directory.expireDeltaTokens();
    h.graph.directory.updateUser(ids[1] as string, { jobTitle: "Captain" });
    const r = await h.runCycle();
    assert.equal(r.converged, true);
    assert.equal(r.full, true);
    assert.equal(h.slackUsers().filter((u) => u.role === "member").length, 3);
    assert.equal(active(h).length, 3);
    assert.equal((await h.slackUserOf(ids[1] as string))?.title, "Captain");
  });

  void it("a user deleted while the delta token was expired is deactivated once a direct read confirms it", async () => {
    const h = await harness();
    const [gone, kept] = ["nia.gone", "oli.kept"].map((n) => h.addUser(`${n}@contoso.example`));
    await h.runCycle();
    h.graph.directory.expireDeltaTokens();
    h.graph.directory.softDeleteUser(gone as string);
    h.graph.directory.purgeUser(gone as string); // gone for good: a full read no longer returns it
    const r = await h.runCycle();
    assert.equal(r.full, true);
    assert.equal(r.counts.byAction.Disable, 1);
    assert.equal((await h.slackUserOf(gone as string))?.active, false);
    assert.equal((await h.slackUserOf(kept as string))?.active, true);
  });

  void it("an attribute change sends a PATCH of only that attribute", async () => {
    const h = await harness();
    const id = h.addUser("kim@contoso.example", { jobTitle: "Engineer", department: "R&D" });
    await h.runCycle();
    h.slack.store.clearRequests();
    h.graph.directory.updateUser(id, { jobTitle: "Lead" });
    await h.runCycle();
    const writes = h.slack.store.requests().filter((x) => x.method !== "GET");
    assert.equal(writes.length, 1);
    assert.equal(writes[0]?.method, "PATCH");
    assert.deepEqual((writes[0]?.body as { Operations: unknown[] }).Operations, [
      { op: "replace", path: "title", value: "Lead" },
    ]);
  });
});

void describe("invariant 5: secrets stay secret", () => {
  void it("a wrong Graph secret and a wrong Slack token are reported without the secret", async () => {
    const secret = "S3cr3t-Value-That-Must-Not-Leak";
    const h = await harness({ settings: { GRAPH_CLIENT_SECRET: secret } });
    h.addUser("leo@contoso.example");
    const err = await h.startCycle().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof Error);
    assert.match(err.message, /secret|credential/i);
    const token = "xoxp-wrong-token-must-not-leak";
    const h2 = await harness({ settings: { SLACK_TOKEN: token } });
    h2.addUser("mia@contoso.example");
    // The token check at the cycle start refuses it (auth.test: invalid_auth) and quarantines the job.
    const err2 = await h2.startCycle().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err2 instanceof SlackTokenUnhealthyError);
    const r2 = await h2.report();
    assert.equal(r2.lastError?.code, "SlackTokenRevoked");
    assert.equal(r2.quarantine?.code, "SlackTokenRevoked");
    const everything = JSON.stringify({
      err: { message: err.message, stack: err.stack, cause: String((err as { cause?: unknown }).cause) },
      err2: { message: err2.message, stack: err2.stack },
      report: await h.report(),
      report2: r2,
      activity: await h.ctx.activity.byTime(h.ctx.jobId),
      activity2: await h2.ctx.activity.byTime(h2.ctx.jobId),
      logs: [...h.log.lines, ...h2.log.lines],
    });
    assert.equal(everything.includes(secret), false, "the Graph client secret leaked");
    assert.equal(everything.includes(token), false, "the Slack token leaked");
  });
});

after(() => undefined);
