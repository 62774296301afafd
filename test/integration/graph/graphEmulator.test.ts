import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_SERVICE_PRINCIPAL_ID,
  DEFAULT_TENANT_ID,
  GraphEmulatorAdminClient,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import type { GraphEmulator } from "../../../dev/graph-emulator";
import { emulatorToken, graphGet, readRound } from "./graphTestSupport";

const SELECT = "id,displayName,userPrincipalName,mail,accountEnabled,jobTitle";

void describe("Graph emulator over HTTP", () => {
  let emu: GraphEmulator;
  let token: string;

  before(async () => {
    emu = await startGraphEmulator({ deltaPageSize: 3, assignmentsPageSize: 2 });
    token = await emulatorToken(emu);
  });
  after(() => emu.close());

  void it("listens on loopback and uses the default identities", () => {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emu.tenantId, DEFAULT_TENANT_ID);
    assert.equal(emu.clientId, DEFAULT_CLIENT_ID);
    assert.equal(emu.servicePrincipalId, DEFAULT_SERVICE_PRINCIPAL_ID);
  });

  void it("token endpoint: Entra shapes for success and a wrong secret", async () => {
    const post = (secret: string) =>
      fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: emu.clientId,
          client_secret: secret,
          scope: "https://graph.microsoft.com/.default",
        }).toString(),
      });
    const ok = await post(emu.clientSecret);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as Record<string, unknown>;
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.expires_in, 3599);
    assert.equal(body.ext_expires_in, 3599);
    assert.equal(typeof body.access_token, "string");
    const bad = await post("wrong");
    assert.equal(bad.status, 401);
    const err = (await bad.json()) as Record<string, unknown>;
    assert.equal(err.error, "invalid_client");
    assert.match(String(err.error_description), /^AADSTS7000215: Invalid client secret provided/);
  });

  void it("every /v1.0 route requires a bearer token the endpoint issued", async () => {
    const none = await graphGet(`${emu.url}/v1.0/users/delta`, "");
    assert.equal(none.status, 401);
    assert.equal((none.body.error as Record<string, unknown>).code, "InvalidAuthenticationToken");
    const forged = await graphGet(`${emu.url}/v1.0/users/delta`, "forged");
    assert.equal(forged.status, 401);
  });

  void it("delta: first round, later rounds, minimal, removals, restore, links and context", async () => {
    const d = emu.directory;
    const ada = d.createUser({
      userPrincipalName: "ada@contoso.example",
      displayName: "Ada Park",
      mail: "ada@contoso.example",
    });
    const bo = d.createUser({ userPrincipalName: "bo@contoso.example", displayName: "Bo Chen" });
    const cy = d.createUser({ userPrincipalName: "cy@contoso.example", displayName: "Cy Diaz", jobTitle: "Engineer" });
    const dee = d.createUser({ userPrincipalName: "dee@contoso.example", displayName: "Dee Evans" });
    d.softDeleteUser(dee.id); // deleted before the first round: not returned

    const first = await readRound(`${emu.url}/v1.0/users/delta?$select=${SELECT}`, token);
    assert.equal(first.pages.length, 1);
    assert.equal(first.pages[0]?.["@odata.context"], `${emu.url}/v1.0/$metadata#users(${SELECT})`);
    assert.deepEqual(first.items.map((i) => i.id).sort(), [ada.id, bo.id, cy.id].sort());
    const boItem = first.items.find((i) => i.id === bo.id);
    assert.deepEqual(boItem, {
      id: bo.id,
      displayName: "Bo Chen",
      userPrincipalName: "bo@contoso.example",
      accountEnabled: true,
    }); // never-set mail/jobTitle omitted, unselected properties absent
    assert.ok(first.deltaLink.startsWith(`${emu.url}/v1.0/users/delta?$deltatoken=`));

    // Nothing changed: empty round.
    const empty = await readRound(first.deltaLink, token);
    assert.deepEqual(empty.items, []);

    d.updateUser(ada.id, { accountEnabled: false, mail: null });
    d.updateUser(bo.id, { officeLocation: "B1" }); // not selected: Bo must not appear
    d.softDeleteUser(cy.id);
    d.restoreUser(dee.id);
    const second = await readRound(first.deltaLink, token, { prefer: "return=minimal" });
    assert.equal(second.pages[0]?.["@odata.context"], `${emu.url}/v1.0/$metadata#users`);
    const byId = new Map(second.items.map((i) => [i.id, i]));
    assert.deepEqual(byId.get(ada.id), { id: ada.id, accountEnabled: false, mail: null });
    assert.equal(byId.has(bo.id), false);
    assert.deepEqual(byId.get(cy.id), { id: cy.id, "@removed": { reason: "changed" } });
    assert.deepEqual(byId.get(dee.id), {
      id: dee.id,
      displayName: "Dee Evans",
      userPrincipalName: "dee@contoso.example",
      accountEnabled: true,
    });

    d.purgeUser(cy.id);
    d.updateUser(dee.id, { jobTitle: "Lead" });
    const third = await readRound(second.deltaLink, token);
    const byId3 = new Map(third.items.map((i) => [i.id, i]));
    assert.deepEqual(byId3.get(cy.id), { id: cy.id, "@removed": { reason: "deleted" } });
    assert.deepEqual(byId3.get(dee.id), {
      id: dee.id,
      displayName: "Dee Evans",
      userPrincipalName: "dee@contoso.example",
      accountEnabled: true,
      jobTitle: "Lead",
    }); // default mode: every selected property that is set
  });

  void it("delta pages: exactly one link per page, /microsoft.graph.delta and /delta() routes", async () => {
    for (let i = 0; i < 5; i++) emu.directory.createUser({ userPrincipalName: `page${i}@contoso.example` });
    for (const route of ["users/delta", "users/microsoft.graph.delta", "users/delta()"]) {
      const round = await readRound(`${emu.url}/v1.0/${route}?$select=id,displayName`, token);
      assert.ok(round.pages.length >= 2, "several pages with page size 3");
      for (const p of round.pages) {
        assert.equal(("@odata.nextLink" in p ? 1 : 0) + ("@odata.deltaLink" in p ? 1 : 0), 1);
      }
      const ids = round.items.map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(ids.length, emu.directory.stats().users);
    }
  });

  void it("$deltatoken=latest, $select with $skiptoken, expired tokens and the 410 reset", async () => {
    const latest = await graphGet(`${emu.url}/v1.0/users/delta?$deltatoken=latest`, token);
    assert.equal(latest.status, 200);
    assert.deepEqual(latest.body.value, []);
    const fromNow = latest.body["@odata.deltaLink"] as string;
    const u = emu.directory.createUser({ userPrincipalName: "eve@contoso.example", displayName: "Eve" });
    const r = await readRound(fromNow, token);
    assert.deepEqual(
      r.items.map((i) => i.id),
      [u.id],
    );

    const p1 = await graphGet(`${emu.url}/v1.0/users/delta?$select=id`, token);
    const next = p1.body["@odata.nextLink"] as string;
    const both = await graphGet(`${next}&$select=id`, token);
    assert.equal(both.status, 400);
    assert.equal((both.body.error as Record<string, unknown>).code, "Request_UnsupportedQuery");

    emu.directory.expireDeltaTokens();
    const expired = await graphGet(r.deltaLink, token);
    assert.equal(expired.status, 400);
    const err = expired.body.error as Record<string, unknown>;
    assert.equal(err.code, "syncStateNotFound");
    assert.equal(
      err.message,
      "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
    );
    assert.ok((err.innerError as Record<string, unknown>)["request-id"]);

    const fresh = await readRound(`${emu.url}/v1.0/users/delta?$select=id,displayName`, token);
    emu.directory.resetDeltaSync();
    const gone = await graphGet(fresh.deltaLink, token);
    assert.equal(gone.status, 410);
    const location = gone.headers.get("location") ?? "";
    assert.match(location, /\/v1\.0\/users\/delta\?\$select=id,displayName&\$deltatoken=$/);
    const restart = await readRound(location, token);
    assert.equal(restart.items.length, emu.directory.stats().users);
  });

  void it("expired by lifetime", async () => {
    const short = await startGraphEmulator({ tokenLifetimeMs: 1 });
    try {
      const t = await emulatorToken(short);
      const r = await graphGet(`${short.url}/v1.0/users/delta?$deltatoken=latest`, t);
      const link = r.body["@odata.deltaLink"] as string;
      const deadline = Date.now() + 2000;
      let late = await graphGet(link, t);
      while (late.status === 200 && Date.now() < deadline) late = await graphGet(link, t);
      assert.equal(late.status, 400);
      assert.equal((late.body.error as Record<string, unknown>).code, "syncStateNotFound");
    } finally {
      await short.close();
    }
  });

  void it("users/{id}: $select, UPN lookup, 404 for unknown and soft-deleted users", async () => {
    const u = emu.directory.createUser({
      userPrincipalName: "fay@contoso.example",
      displayName: "Fay",
      department: "Ops",
    });
    const got = await graphGet(`${emu.url}/v1.0/users/${u.id}?$select=id,department,mail`, token);
    assert.equal(got.status, 200);
    assert.equal(got.body["@odata.context"], `${emu.url}/v1.0/$metadata#users(id,department,mail)/$entity`);
    assert.equal(got.body.department, "Ops");
    assert.equal(got.body.mail, null);
    assert.equal(got.body.displayName, undefined);
    const byUpn = await graphGet(`${emu.url}/v1.0/users/FAY@contoso.example?$select=id`, token);
    assert.equal(byUpn.body.id, u.id);
    emu.directory.softDeleteUser(u.id);
    const gone = await graphGet(`${emu.url}/v1.0/users/${u.id}`, token);
    assert.equal(gone.status, 404);
    assert.equal((gone.body.error as Record<string, unknown>).code, "Request_ResourceNotFound");
    const deleted = await graphGet(`${emu.url}/v1.0/directory/deletedItems/microsoft.graph.user`, token);
    assert.ok((deleted.body.value as Record<string, unknown>[]).some((x) => x.id === u.id && x.deletedDateTime));
  });

  void it("servicePrincipals and appRoleAssignedTo paging", async () => {
    const sp = await graphGet(`${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}`, token);
    assert.equal(sp.status, 200);
    assert.equal(sp.body.id, emu.servicePrincipalId);
    const users = emu.directory.listUsers().filter((u) => u.deletedDateTime === null);
    for (const u of users) emu.directory.assign({ principalId: u.id });
    emu.directory.assign({ principalId: "22222222-0000-4000-8000-000000000001", principalType: "Group" });
    const seen: Record<string, unknown>[] = [];
    let next: string | undefined = `${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}/appRoleAssignedTo`;
    let pages = 0;
    while (next) {
      const r = await graphGet(next, token);
      assert.equal(r.status, 200);
      pages++;
      seen.push(...(r.body.value as Record<string, unknown>[]));
      next = r.body["@odata.nextLink"] as string | undefined;
    }
    assert.equal(seen.length, users.length + 1);
    assert.ok(pages > 1);
    const first = seen[0] as Record<string, unknown>;
    assert.equal(first.resourceId, emu.servicePrincipalId);
    assert.equal(first.appRoleId, "00000000-0000-0000-0000-000000000000");
    assert.equal(first.principalType, "User");
    assert.equal(typeof first.id, "string");
    const big = await graphGet(
      `${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}/appRoleAssignedTo?$top=999`,
      token,
    );
    assert.equal((big.body.value as unknown[]).length, users.length + 1);
    assert.equal(big.body["@odata.nextLink"], undefined);
    const tooBig = await graphGet(
      `${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}/appRoleAssignedTo?$top=1000`,
      token,
    );
    assert.equal(tooBig.status, 400);
  });

  void it("admin API over HTTP, faults and the request log", async () => {
    const admin = new GraphEmulatorAdminClient(emu.url);
    const u = await admin.createUser({ userPrincipalName: "gus@contoso.example", displayName: "Gus" });
    assert.equal((await admin.updateUser(u.id, { jobTitle: "CFO" })).jobTitle, "CFO");
    const a = await admin.assign({ principalId: u.id });
    assert.equal(a.principalDisplayName, "Gus");
    assert.equal(await admin.unassign(u.id), 1);
    await admin.softDeleteUser(u.id);
    await admin.restoreUser(u.id);
    await admin.purgeUser(u.id);
    await assert.rejects(admin.getUser(u.id), /HTTP 404/);

    await admin.clearRequestLog();
    await admin.injectFault({ pathContains: "/users/delta", count: 2, status: 429, retryAfterSeconds: 7 });
    const t1 = await graphGet(`${emu.url}/v1.0/users/delta`, token);
    assert.equal(t1.status, 429);
    assert.equal(t1.headers.get("retry-after"), "7");
    assert.equal((t1.body.error as Record<string, unknown>).code, "TooManyRequests");
    assert.equal((await graphGet(`${emu.url}/v1.0/users/delta`, token)).status, 429);
    assert.equal((await graphGet(`${emu.url}/v1.0/users/delta`, token)).status, 200);
    await admin.injectFault({ pathContains: "/servicePrincipals", count: 5, status: 503 });
    assert.equal((await graphGet(`${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}`, token)).status, 503);
    await admin.clearFaults();
    assert.equal((await graphGet(`${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}`, token)).status, 200);
    const log = await admin.requestLog();
    assert.deepEqual(
      log.map((e) => e.status),
      [429, 429, 200, 503, 200],
    );
    assert.equal(log[0]?.method, "GET");
    assert.equal(log[0]?.path, "/v1.0/users/delta");
    const stats = await admin.stats();
    assert.equal(stats.requests, 5);
    assert.equal(stats.activeFaults, 0);
  });

  void it("hang fault delays the answer", async () => {
    emu.directory.injectFault({ pathContains: "/servicePrincipals/", count: 1, hangMs: 150 });
    const t0 = Date.now();
    const r = await graphGet(`${emu.url}/v1.0/servicePrincipals/${emu.servicePrincipalId}`, token);
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 140);
  });
});

void describe("Graph emulator throttling", () => {
  void it("answers 429 with Retry-After and the Graph body once the RU bucket is empty", async () => {
    const emu = await startGraphEmulator({ throttling: { resourceUnitsPer10s: 5 } });
    try {
      const token = await emulatorToken(emu);
      const statuses: number[] = [];
      let throttled: Awaited<ReturnType<typeof graphGet>> | undefined;
      for (let i = 0; i < 8; i++) {
        const r = await graphGet(`${emu.url}/v1.0/users/delta`, token); // 2 RU each
        statuses.push(r.status);
        if (r.status === 429) throttled ??= r;
      }
      assert.deepEqual(statuses.slice(0, 2), [200, 200]);
      assert.ok(throttled, "some request was throttled");
      assert.ok(Number(throttled.headers.get("retry-after")) >= 1);
      assert.equal((throttled.body.error as Record<string, unknown>).code, "TooManyRequests");
      assert.match(throttled.headers.get("x-ms-throttle-scope") ?? "", /^Tenant_Application\//);
    } finally {
      await emu.close();
    }
  });
});
