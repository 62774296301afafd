import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startGraphEmulator } from "../../../dev/graph-emulator";
import type { GraphEmulator } from "../../../dev/graph-emulator";
import {
  ConfigurationError,
  CredentialError,
  DeltaTokenExpiredError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
import type { UserDeltaPage } from "../../../shared/graph/DeltaPage";
import type { GraphSource } from "../../../shared/graph/GraphSource";
import { createGraphSource } from "../../../shared/graph/createGraphSource";
import { FAST_TUNING, graphSettingsFor } from "./graphTestSupport";

async function readRound(source: GraphSource, start: string | undefined, select?: readonly string[]) {
  const pages: UserDeltaPage[] = [];
  let page = await source.getUsersDeltaPage(start, select);
  pages.push(page);
  while (page.nextLink) {
    page = await source.getUsersDeltaPage(page.nextLink);
    pages.push(page);
  }
  return { pages, items: pages.flatMap((p) => p.items), deltaLink: page.deltaLink as string };
}

void describe("MsGraphSource against the Graph emulator", () => {
  let emu: GraphEmulator;
  let source: GraphSource;
  const ids: string[] = [];

  before(async () => {
    emu = await startGraphEmulator({ deltaPageSize: 5 });
    for (let i = 0; i < 23; i++) {
      const u = emu.directory.createUser({
        userPrincipalName: `user${i}@contoso.example`,
        displayName: `User ${i}`,
        mail: `user${i}@contoso.example`,
        department: i % 2 === 0 ? "Sales" : "Engineering",
      });
      ids.push(u.id);
    }
    source = createGraphSource(graphSettingsFor(emu), FAST_TUNING);
  });
  after(() => emu.close());
  beforeEach(() => emu.directory.clearFaults());

  void it("reads a full first round over several pages, then only the changes", async () => {
    const first = await readRound(source, undefined);
    assert.ok(first.pages.length >= 5, `pages: ${first.pages.length}`);
    for (const p of first.pages) assert.equal((p.nextLink === undefined) !== (p.deltaLink === undefined), true);
    assert.ok(
      first.deltaLink.startsWith(`${emu.url}/v1.0/users/delta?$deltatoken=`),
      "stored link keeps the server's form",
    );
    assert.deepEqual(first.items.map((i) => (i.kind === "present" ? i.object.id : "")).sort(), [...ids].sort());
    const u0 = first.items.find((i) => i.kind === "present" && i.object.id === ids[0]);
    assert.ok(u0?.kind === "present");
    assert.equal(u0.object.accountEnabled, true);
    assert.equal(u0.object.department, "Sales");
    assert.equal(u0.object["@odata.context"], undefined);

    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    emu.directory.updateUser(a, { jobTitle: "Director", mail: null });
    emu.directory.softDeleteUser(b);
    emu.directory.purgeUser(c);
    emu.directory.softDeleteUser(d);
    emu.directory.restoreUser(d);
    emu.directory.updateUser(e, { officeLocation: "HQ" }); // not in USER_SELECT: not reported
    const second = await readRound(source, first.deltaLink);
    const byId = new Map(second.items.map((i) => [i.kind === "present" ? i.object.id : i.id, i]));
    assert.equal(byId.size, 4);
    const ua = byId.get(a);
    assert.ok(ua?.kind === "present");
    assert.equal(ua.object.jobTitle, "Director");
    assert.equal(ua.object.mail, null);
    assert.equal(ua.object.displayName, "User 0", "default mode carries every selected property");
    assert.deepEqual(byId.get(b), { kind: "removed", id: b, reason: "changed" });
    assert.deepEqual(byId.get(c), { kind: "removed", id: c, reason: "deleted" });
    assert.equal(byId.get(d)?.kind, "present");
    assert.equal(byId.has(e), false);
    ids.splice(0, ids.length, ...ids.filter((x) => x !== b && x !== c));
  });

  void it("respects $select", async () => {
    const round = await readRound(source, undefined, ["id", "displayName"]);
    for (const item of round.items) {
      assert.ok(item.kind === "present");
      assert.deepEqual(Object.keys(item.object).sort(), ["displayName", "id"]);
    }
    const user = await source.getUser(ids[1] as string, ["id", "mail"]);
    assert.deepEqual(user, { id: ids[1], mail: emu.directory.getUser(ids[1] as string).mail });
  });

  void it("getUser: present, and undefined on 404", async () => {
    const u = await source.getUser(ids[2] as string);
    assert.equal(u?.id, ids[2]);
    assert.equal(u?.accountEnabled, true);
    assert.equal(await source.getUser("00000000-0000-4000-8000-00000000dead"), undefined);
  });

  void it("isDeletedItem: a soft-deleted user is in deleted items (and 404 on /users), a purged one nowhere", async () => {
    const live = emu.directory.createUser({ userPrincipalName: "live.di@contoso.example", displayName: "Live" }).id;
    const soft = emu.directory.createUser({ userPrincipalName: "soft.di@contoso.example", displayName: "Soft" }).id;
    const gone = emu.directory.createUser({ userPrincipalName: "gone.di@contoso.example", displayName: "Gone" }).id;
    emu.directory.softDeleteUser(soft);
    emu.directory.softDeleteUser(gone);
    emu.directory.purgeUser(gone);
    assert.deepEqual(
      await Promise.all(
        [live, soft, gone].map(async (id) => [!!(await source.getUser(id)), await source.isDeletedItem(id)]),
      ),
      [
        [true, false],
        [false, true],
        [false, false],
      ],
    );
    emu.directory.purgeUser(soft);
    emu.directory.purgeUser(live);
  });

  void it("expired delta token and the 410 reset → DeltaTokenExpiredError", async () => {
    const r = await readRound(source, undefined, ["id"]);
    emu.directory.expireDeltaTokens();
    await assert.rejects(source.getUsersDeltaPage(r.deltaLink), DeltaTokenExpiredError);
    const r2 = await readRound(source, undefined, ["id"]);
    emu.directory.resetDeltaSync();
    await assert.rejects(source.getUsersDeltaPage(r2.deltaLink), (e: unknown) => {
      assert.ok(e instanceof DeltaTokenExpiredError);
      assert.equal(e.status, 410);
      return true;
    });
  });

  void it("retries a 429 with Retry-After: 1 and succeeds", async () => {
    emu.directory.clearRequestLog();
    emu.directory.injectFault({ pathContains: "/users/delta", count: 1, status: 429, retryAfterSeconds: 1 });
    const t0 = Date.now();
    const page = await source.getUsersDeltaPage(undefined, ["id"]);
    assert.ok(page.items.length > 0);
    assert.ok(Date.now() - t0 >= 950, "waited for Retry-After");
    const statuses = emu.directory
      .requestLog()
      .filter((x) => x.path.startsWith("/v1.0/users/delta"))
      .map((x) => x.status);
    assert.deepEqual(statuses, [429, 200]);
  });

  void it("persistent 429 → ThrottledError with the server's Retry-After; long Retry-After is not waited for", async () => {
    emu.directory.clearRequestLog();
    emu.directory.injectFault({ pathContains: "/users/delta", count: 50, status: 429, retryAfterSeconds: 120 });
    await assert.rejects(source.getUsersDeltaPage(undefined), (e: unknown) => {
      assert.ok(e instanceof ThrottledError);
      assert.equal(e.retryAfterMs, 120_000);
      assert.equal(e.retryable, true);
      return true;
    });
    // Not waited for in-process: the first 429 ended the call (the message is re-queued with the delay instead).
    const statuses = emu.directory
      .requestLog()
      .filter((x) => x.path.startsWith("/v1.0/users/delta"))
      .map((x) => x.status);
    assert.deepEqual(statuses, [429]);
  });

  void it("persistent 503 → TransientError after bounded retries", async () => {
    emu.directory.clearRequestLog();
    emu.directory.injectFault({ pathContains: "/appRoleAssignedTo", count: 50, status: 503 });
    const quick = createGraphSource(graphSettingsFor(emu), { retry: { ...FAST_TUNING.retry, maxThrottleRetries: 1 } });
    await assert.rejects(quick.listAppRoleAssignments(emu.servicePrincipalId), (e: unknown) => {
      assert.ok(e instanceof TransientError);
      assert.equal(e.status, 503);
      return true;
    });
    const tries = emu.directory.requestLog().filter((x) => x.path.includes("/appRoleAssignedTo"));
    assert.equal(tries.length, 2);
  });

  void it("a hung request times out and is retried; a dead host → TransientError", async () => {
    emu.directory.injectFault({ pathContains: "/users/", count: 1, hangMs: 1500 });
    const s = createGraphSource(graphSettingsFor(emu), { retry: { ...FAST_TUNING.retry, requestTimeoutMs: 300 } });
    assert.equal((await s.getUser(ids[3] as string))?.id, ids[3]);

    const dead = await startGraphEmulator();
    const settings = graphSettingsFor(dead);
    await dead.close();
    const gone = createGraphSource(settings, FAST_TUNING);
    await assert.rejects(gone.getUser(ids[3] as string), TransientError);
  });

  void it("wrong client secret → CredentialError without the secret in it", async () => {
    const secret = "Wr0ng-S3cret~value.that-must-not-leak";
    const bad = createGraphSource(graphSettingsFor(emu, { clientSecret: secret }), FAST_TUNING);
    await assert.rejects(bad.getUsersDeltaPage(undefined), (e: unknown) => {
      assert.ok(e instanceof CredentialError);
      assert.match(e.message, /AADSTS7000215/);
      assert.match(e.message, /GRAPH_CLIENT_SECRET/);
      assert.match(e.message, /User\.Read\.All/);
      assert.ok(!e.message.includes(secret));
      assert.ok(!String(e.stack).includes(secret));
      assert.ok(!JSON.stringify(e).includes(secret));
      return true;
    });
  });

  void it("caches the access token; a rejected token → CredentialError, then a fresh token is used", async () => {
    const s = createGraphSource(graphSettingsFor(emu), FAST_TUNING);
    emu.directory.clearRequestLog();
    await s.getUser(ids[0] as string);
    await s.getUser(ids[1] as string);
    await s.getUser(ids[2] as string);
    const tokenCalls = () => emu.directory.requestLog().filter((x) => x.path.includes("/oauth2/v2.0/token")).length;
    assert.equal(tokenCalls(), 1);
    emu.directory.revokeAccessTokens();
    await assert.rejects(s.getUser(ids[0] as string), CredentialError);
    assert.equal((await s.getUser(ids[0] as string))?.id, ids[0]);
    assert.equal(tokenCalls(), 2);
  });

  void it("refuses links to any other host without contacting it", async () => {
    await assert.rejects(
      source.getUsersDeltaPage("http://127.0.0.2:9/v1.0/users/delta?$deltatoken=x"),
      ConfigurationError,
    );
    await assert.rejects(
      source.getUsersDeltaPage("https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x"),
      ConfigurationError,
    );
  });
});

void describe("MsGraphSource assignments", () => {
  void it("lists every assignment over several pages of 999", async () => {
    const emu = await startGraphEmulator();
    try {
      const users = emu.directory.importDirectory({
        users: Array.from({ length: 2100 }, (_, i) => ({ userPrincipalName: `a${i}@contoso.example` })),
      }).users;
      for (const u of users) emu.directory.assign({ principalId: u.id });
      emu.directory.assign({ principalId: "22222222-0000-4000-8000-000000000001", principalType: "Group" });
      const source = createGraphSource(graphSettingsFor(emu), FAST_TUNING);
      const list = await source.listAppRoleAssignments(emu.servicePrincipalId);
      assert.equal(list.length, 2101);
      assert.equal(new Set(list.map((a) => a.principalId)).size, 2101);
      assert.equal(list.filter((a) => a.principalType === "Group").length, 1);
      assert.ok(list.every((a) => a.resourceId === emu.servicePrincipalId));
      const pages = emu.directory.requestLog().filter((x) => x.path.includes("/appRoleAssignedTo"));
      assert.equal(pages.length, 3);
    } finally {
      await emu.close();
    }
  });
});
