/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- the tests read raw emulator JSON (typed any in scimClient) field by field */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import {
  DEFAULT_SLACK_EMULATOR_TOKEN,
  SlackEmulatorAdminClient,
  startSlackEmulator,
} from "../../../dev/slack-emulator";
import { scimClient } from "./scimClient";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function user(userName: string, email: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    emails: [{ value: email, type: "work", primary: true }],
    ...extra,
  };
}

function patch(...ops: { op: string; path?: string; value?: unknown }[]) {
  return { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops };
}

void describe("Slack SCIM emulator", () => {
  let emu: SlackEmulator;
  let scim: ReturnType<typeof scimClient>;

  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off", channelNames: ["general"] });
    scim = scimClient(emu.url, DEFAULT_SLACK_EMULATOR_TOKEN);
  });
  after(() => emu.close());
  beforeEach(() => emu.store.reset());

  void it("listens on loopback and serves the SCIM v2 base", () => {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    assert.notEqual(emu.port, 0);
  });

  void it("creates a user with Slack's defaults and response shape", async () => {
    const r = await scim(
      "POST",
      "/Users",
      user("Jane.Doe", "jane@corp.example", {
        externalId: "entra-1",
        emails: [
          { value: "home@corp.example", type: "home" },
          { value: "jane@corp.example", type: "work" },
        ],
        phoneNumbers: [
          { value: "111", type: "work" },
          { value: "222", type: "mobile" },
        ],
        addresses: [{ streetAddress: "1 Main", locality: "Town", country: "US", type: "work" }],
      }),
    );
    assert.equal(r.status, 201);
    assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
    const u = r.body;
    assert.match(u.id, /^U[A-Z0-9]{10}$/);
    assert.equal(u.userName, "jane.doe");
    assert.equal(u.nickName, "jane.doe");
    assert.equal(u.displayName, "jane.doe");
    assert.deepEqual(u.name, { givenName: "jane.doe", familyName: "", honorificPrefix: null });
    assert.equal(u.externalId, "");
    assert.equal(u.active, true);
    assert.deepEqual(u.emails, [
      { value: "jane@corp.example", primary: true },
      { value: "home@corp.example", primary: false },
    ]);
    // request "work" → mobilePhone (answered type:"mobile"); request "mobile" → primaryPhone (answered primary:true)
    assert.deepEqual(u.phoneNumbers, [
      { value: "111", type: "mobile" },
      { value: "222", primary: true },
    ]);
    assert.deepEqual(u.addresses, [
      { streetAddress: "1 Main", locality: "Town", region: null, postalCode: null, country: "US" },
    ]);
    assert.equal(u.meta.location, `${emu.url}/Users/${u.id}`);
    assert.match(u.meta.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.deepEqual(u.groups, []);
  });

  const createCases: { name: string; body: unknown; status: number; detail: RegExp; seed?: boolean }[] = [
    {
      name: "email as userName → local part",
      body: user("Bob.Smith@corp.example", "b@x.io"),
      status: 201,
      detail: /^bob\.smith$/,
    },
    { name: "specials → underscore", body: user("a b+c!", "abc@x.io"), status: 201, detail: /^a_b_c_$/ },
    {
      name: "22 chars → long_username",
      body: user("a".repeat(22), "l@x.io"),
      status: 400,
      detail: /^long_username \(user=a{22}\)$/,
    },
    { name: "21 chars ok", body: user("a".repeat(21), "l@x.io"), status: 201, detail: /^a{21}$/ },
    { name: "empty userName", body: user("", "e@x.io"), status: 400, detail: /^username_empty$/ },
    { name: "no email at all", body: { userName: "noemail" }, status: 400, detail: /^email_empty/ },
    {
      name: "taken userName (case-insensitive)",
      body: user("TAKEN", "t2@x.io"),
      status: 409,
      detail: /^username_taken \(username=taken\)$/,
      seed: true,
    },
    {
      name: "taken email",
      body: user("other", "TAKEN@x.io"),
      status: 409,
      detail: /^email_taken \(existing_user=U[A-Z0-9]+\)$/,
      seed: true,
    },
    { name: "channel name", body: user("General", "g@x.io"), status: 409, detail: /^username_taken/ },
    {
      name: "displayName > 80",
      body: user("dn", "dn@x.io", { displayName: "x".repeat(81) }),
      status: 400,
      detail: /^invalid_name_maxlength/,
    },
    {
      name: "displayName leading @",
      body: user("dn", "dn@x.io", { displayName: "@jane" }),
      status: 400,
      detail: /^invalid_starts_with_at/,
    },
    {
      name: "displayName with @",
      body: user("dn", "dn@x.io", { displayName: "jane@corp" }),
      status: 400,
      detail: /^invalid_name_specials/,
    },
  ];
  for (const c of createCases) {
    void it(`POST /Users: ${c.name}`, async () => {
      if (c.seed) emu.store.seedUser({ userName: "taken", emails: [{ value: "taken@x.io" }], active: false });
      const r = await scim("POST", "/Users", c.body);
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      if (c.status === 201) assert.match(r.body.userName, c.detail);
      else {
        assert.deepEqual(r.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
        assert.equal(r.body.status, c.status);
        assert.match(r.body.detail, c.detail);
      }
    });
  }

  void it("uses W ids on Grid and S ids for groups", async () => {
    const grid = await startSlackEmulator({ grid: true, rateLimits: "off" });
    try {
      const r = await scimClient(grid.url, grid.token)("POST", "/Users", user("w", "w@x.io"));
      assert.match(r.body.id, /^W[A-Z0-9]{10}$/);
      const g = await scimClient(grid.url, grid.token)("POST", "/Groups", { displayName: "G" });
      assert.match(g.body.id, /^S[A-Z0-9]{10}$/);
    } finally {
      await grid.close();
    }
  });

  void it("rejects a missing or wrong token with the v1 invalid_authentication body; discovery needs none", async () => {
    for (const token of [undefined, "xoxp-wrong"]) {
      const r = await scimClient(emu.url, token)("GET", "/Users");
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { Errors: { description: "invalid_authentication", code: 401 } });
    }
    for (const path of [
      "/scim/v1/ServiceProviderConfigs",
      "/scim/v2/ServiceProviderConfig",
      "/scim/v2/ServiceProviderConfigs",
    ]) {
      const r = await scimClient(emu.origin, undefined)("GET", path);
      assert.equal(r.status, 200, path);
      assert.equal(r.body.patch.supported, false);
    }
    const types = await scim("GET", "/ResourceTypes");
    assert.deepEqual(
      types.body.Resources.map((t: { endpoint: string }) => t.endpoint),
      ["/Users", "/Groups"],
    );
  });

  void it("pages with 1-based startIndex, default count 10, clamp 1000, and filters case-insensitively", async () => {
    emu.store.seedUsers(
      Array.from({ length: 25 }, (_, i) => ({ userName: `user${i}`, emails: [{ value: `u${i}@x.io` }] })),
    );
    let r = await scim("GET", "/Users");
    assert.equal(r.body.totalResults, 25);
    assert.equal(r.body.itemsPerPage, 10);
    assert.equal(r.body.startIndex, 1);
    assert.deepEqual(r.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    r = await scim("GET", "/Users?count=1&startIndex=2");
    assert.equal(r.body.Resources.length, 1);
    assert.equal(r.body.Resources[0].userName, "user1");
    r = await scim("GET", "/Users?count=5000&startIndex=21");
    assert.equal(r.body.itemsPerPage, 5);
    const q = (f: string) => scim("GET", `/Users?filter=${encodeURIComponent(f)}`);
    const names = (body: { Resources: { userName: string }[] }) => body.Resources.map((u) => u.userName).sort();
    assert.deepEqual(names((await q('UserName Eq "USER3"')).body), ["user3"]);
    assert.deepEqual(names((await q('username eq "user3"')).body), ["user3"]);
    assert.deepEqual(names((await q('emails eq "U4@X.IO"')).body), ["user4"]);
    assert.deepEqual(names((await q('email eq "u4@x.io"')).body), ["user4"]);
    assert.deepEqual(names((await q('userName sw "user2"')).body), [
      "user2",
      "user20",
      "user21",
      "user22",
      "user23",
      "user24",
    ]);
    assert.equal((await q('userName co "er1" and email co "u1"')).body.totalResults, 11);
    assert.deepEqual(names((await q('userName eq "user1" or emails eq "u2@x.io"')).body), ["user1", "user2"]);
    assert.equal((await q("userName pr")).body.totalResults, 25);
    const bad = await q("foo");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.detail, "no_filters (is_aggregate_call=1)");
  });

  void it("PATCH: ops case-insensitive, string booleans, every path form", async () => {
    const created = (await scim("POST", "/Users", user("pat", "pat@x.io"))).body;
    const r = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch(
        { op: "Replace", path: "displayName", value: "Pat Q" },
        { op: "replace", path: "name.givenName", value: "Pat" },
        { op: "add", path: "name", value: { familyName: "Quinn", honorificPrefix: "Dr." } },
        { op: "replace", path: "title", value: "Engineer" },
        { op: "replace", path: 'emails[type eq "work"].value', value: "pat.q@x.io" },
        { op: "add", path: "emails", value: [{ value: "second@x.io", type: "home" }] },
        { op: "add", path: 'phoneNumbers[type eq "mobile"].value', value: "555-1" },
        { op: "add", path: 'phoneNumbers[type eq "work"].value', value: "555-2" },
        { op: "add", path: 'addresses[type eq "untyped"].locality', value: "Oslo" },
        { op: "add", path: 'addresses[type eq "untyped"].country', value: "NO" },
        { op: "add", path: `${ENTERPRISE}:department`, value: "Sales" },
        { op: "add", path: `${ENTERPRISE}.employeeNumber`, value: "42" },
        { op: "add", path: `${ENTERPRISE}:manager`, value: { value: "U0000000001" } },
        { op: "Replace", value: { preferredLanguage: "en-US", nickName: "PatQ" } },
      ),
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const u = r.body;
    assert.equal(u.displayName, "Pat Q");
    assert.deepEqual(u.name, { givenName: "Pat", familyName: "Quinn", honorificPrefix: "Dr." });
    assert.equal(u.title, "Engineer");
    assert.deepEqual(u.emails, [
      { value: "pat.q@x.io", primary: true },
      { value: "second@x.io", primary: false },
    ]);
    assert.deepEqual(u.phoneNumbers, [
      { value: "555-2", type: "mobile" },
      { value: "555-1", primary: true },
    ]);
    assert.deepEqual(u.addresses, [
      { streetAddress: null, locality: "Oslo", region: null, postalCode: null, country: "NO" },
    ]);
    assert.equal(u[ENTERPRISE].department, "Sales");
    assert.equal(u[ENTERPRISE].employeeNumber, "42");
    assert.deepEqual(u[ENTERPRISE].manager, { managerId: "U0000000001" });
    assert.equal(u.preferredLanguage, "en-US");
    assert.equal(u.userName, "patq");
    assert.equal(u.nickName, "patq");

    const removed = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch(
        { op: "remove", path: "emails[primary eq false]" },
        { op: "remove", path: "phoneNumbers" },
        { op: "remove", path: "addresses" },
        { op: "remove", path: `${ENTERPRISE}.manager.managerId` },
        { op: "replace", path: "active", value: "False" },
      ),
    );
    assert.equal(removed.status, 200);
    assert.equal(removed.body.emails.length, 1);
    assert.equal(removed.body.phoneNumbers, undefined);
    assert.equal(removed.body.addresses, undefined);
    assert.deepEqual(removed.body[ENTERPRISE].manager, { managerId: null });
    assert.equal(removed.body.active, false);

    const primary = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "remove", path: "emails[primary eq true]" }),
    );
    assert.equal(primary.status, 400);
    assert.equal(primary.body.detail, "missing_primary_email");
    const badPath = await scim("PATCH", `/Users/${created.id}`, patch({ op: "replace", path: "nope", value: 1 }));
    assert.equal(badPath.status, 400);
  });

  void it("PATCH enforces uniqueness and the displayName rules", async () => {
    emu.store.seedUser({ userName: "first", emails: [{ value: "first@x.io" }] });
    const second = (await scim("POST", "/Users", user("second", "second@x.io"))).body;
    const cases: [unknown, number, RegExp][] = [
      [patch({ op: "replace", path: "userName", value: "FIRST" }), 409, /^username_taken/],
      [patch({ op: "replace", path: "emails[primary eq true].value", value: "first@x.io" }), 409, /^email_taken/],
      [patch({ op: "replace", path: "displayName", value: "a@b" }), 400, /^invalid_name_specials/],
      [patch({ op: "replace", path: "userName", value: "" }), 400, /^username_empty/],
    ];
    for (const [body, status, detail] of cases) {
      const r = await scim("PATCH", `/Users/${second.id}`, body);
      assert.equal(r.status, status);
      assert.match(r.body.detail, detail);
    }
  });

  void it("PUT replaces everything and an omitted active deactivates", async () => {
    const u = (await scim("POST", "/Users", user("putme", "put@x.io", { title: "Boss" }))).body;
    const r = await scim("PUT", `/Users/${u.id}`, user("putme", "put@x.io"));
    assert.equal(r.status, 200);
    assert.equal(r.body.active, false);
    assert.equal(r.body.title, "");
    const back = await scim("PUT", `/Users/${u.id}`, user("putme", "put@x.io", { active: true }));
    assert.equal(back.body.active, true);
  });

  void it("DELETE deactivates, is idempotent, keeps the user listed and drops group memberships", async () => {
    const u = (await scim("POST", "/Users", user("leaver", "leaver@x.io"))).body;
    const g = (await scim("POST", "/Groups", { displayName: "Team", members: [{ value: u.id }] })).body;
    assert.equal(g.members.length, 1);
    for (let i = 0; i < 2; i++) {
      const d = await scim("DELETE", `/Users/${u.id}`);
      assert.equal(d.status, 204);
      assert.equal(d.body, undefined);
    }
    assert.equal((await scim("GET", `/Users/${u.id}`)).body.active, false);
    assert.deepEqual((await scim("GET", `/Groups/${g.id}`)).body.members, []);
    const add = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "add", path: "members", value: [{ value: u.id }] }));
    assert.equal(add.status, 400);
    assert.match(add.body.detail, /^unable_to_add_deleted_or_guest_to_group/);
    assert.equal((await scim("DELETE", "/Users/UNOSUCHUSER")).status, 404);
  });

  void it("refuses to deactivate the primary owner and bots", async () => {
    const owner = emu.store.seedUser({ userName: "owner", emails: [{ value: "o@x.io" }], role: "primaryOwner" });
    const bot = emu.store.seedUser({ userName: "bot", emails: [{ value: "bot@x.io" }], role: "bot" });
    const o = await scim("PATCH", `/Users/${owner.id}`, patch({ op: "replace", path: "active", value: false }));
    assert.equal(o.status, 403);
    assert.equal(o.body.detail, "cannot_disable_primary_owner");
    const b = await scim("DELETE", `/Users/${bot.id}`);
    assert.equal(b.status, 403);
    assert.equal(b.body.detail, "cannot_disable_bot_user_with_scim");
    assert.equal(emu.store.getUser(bot.id)?.active, true);
  });

  void it("the other-SCIM-server style reads a remove of members without a filter as RFC 7644 does: all go", async () => {
    const [a, b] = emu.store.seedUsers(["sa", "sb"].map((n) => ({ userName: n, emails: [{ value: `${n}@x.io` }] })));
    assert.ok(a && b);
    const g = (await scim("POST", "/Groups", { displayName: "Strict", members: [{ value: a.id }, { value: b.id }] }))
      .body;
    emu.store.setResponseStyle({ minimal: true });
    try {
      await scim("PATCH", `/Groups/${g.id}`, patch({ op: "remove", path: `members[value eq "${a.id}"]` }));
      let r = await scim("GET", `/Groups/${g.id}?attributes=members`);
      assert.deepEqual(
        r.body.members.map((m: { value: string }) => m.value),
        [b.id],
        "a filtered remove takes one member",
      );
      await scim("PATCH", `/Groups/${g.id}`, patch({ op: "add", path: "members", value: [{ value: a.id }] }));
      await scim("PATCH", `/Groups/${g.id}`, patch({ op: "remove", path: "members", value: [{ value: a.id }] }));
      r = await scim("GET", `/Groups/${g.id}?attributes=members`);
      assert.deepEqual(r.body.members, [], "an unfiltered remove takes them all");
    } finally {
      emu.store.setResponseStyle({ minimal: false, writes: "resource" });
    }
  });

  void it("groups: create, list, patch members and name, PUT, DELETE", async () => {
    const [a, b, c] = emu.store.seedUsers(
      ["a", "b", "c"].map((n) => ({ userName: n, emails: [{ value: `${n}@x.io` }], displayName: n.toUpperCase() })),
    );
    assert.ok(a && b && c);
    const g = (await scim("POST", "/Groups", { displayName: "Eng", members: [{ value: a.id }] })).body;
    assert.deepEqual(g.members, [{ value: a.id, display: "A" }]);
    let r = await scim(
      "PATCH",
      `/Groups/${g.id}`,
      patch({ op: "add", path: "members", value: [{ value: b.id }, { value: c.id }] }),
    );
    assert.deepEqual(
      r.body.members.map((m: { value: string }) => m.value),
      [a.id, b.id, c.id],
    );
    r = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "remove", path: "members", value: [{ value: a.id }] }));
    assert.deepEqual(
      r.body.members.map((m: { value: string }) => m.value),
      [b.id, c.id],
    );
    r = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "remove", path: `members[value eq "${b.id}"]` }));
    assert.deepEqual(
      r.body.members.map((m: { value: string }) => m.value),
      [c.id],
    );
    r = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "replace", path: "displayName", value: "Engineering" }));
    assert.equal(r.body.displayName, "Engineering");
    assert.deepEqual((await scim("GET", `/Users/${c.id}`)).body.groups, [{ value: g.id, display: "Engineering" }]);
    r = await scim("PUT", `/Groups/${g.id}`, { displayName: "Eng2" });
    assert.deepEqual(r.body.members, []);
    const list = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "eng2"')}`);
    assert.equal(list.body.totalResults, 1);
    assert.equal((await scim("DELETE", `/Groups/${g.id}`)).status, 204);
    assert.equal((await scim("GET", `/Groups/${g.id}`)).status, 404);
  });

  void it("answers a concurrent write to a locked user with 429 and Retry-After", async () => {
    const lockEmu = await startSlackEmulator({ writeLatencyMs: 150 });
    try {
      const s = scimClient(lockEmu.url, lockEmu.token);
      const u = (await s("POST", "/Users", user("locked", "locked@x.io"))).body;
      const [one, two] = await Promise.all([
        s("PATCH", `/Users/${u.id}`, patch({ op: "replace", path: "title", value: "A" })),
        s("PATCH", `/Users/${u.id}`, patch({ op: "replace", path: "title", value: "B" })),
      ]);
      const statuses = [one.status, two.status].sort();
      assert.deepEqual(statuses, [200, 429]);
      const throttled = one.status === 429 ? one : two;
      assert.equal(throttled.headers.get("retry-after"), "1");
    } finally {
      await lockEmu.close();
    }
  });

  void it("enforces custom token buckets with Retry-After = ceil seconds to the next token", async () => {
    emu.store.setRateLimits({ usersCreate: { perMinute: 6, burst: 2 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const r = await scim("POST", "/Users", user(`rl${i}`, `rl${i}@x.io`));
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
    }
    assert.deepEqual(statuses, [201, 201, 429]);
    assert.equal(retryAfter, "10");
  });

  void it("admin client: seed, list, faults, request log without the token, reset", async () => {
    const admin = new SlackEmulatorAdminClient(emu.url);
    const seeded = await admin.seedUsers([
      { userName: "Seeded", emails: [{ value: "s@x.io" }], role: "admin" },
      { userName: "gone", emails: [{ value: "g@x.io" }], active: false },
    ]);
    assert.equal(seeded[0]?.userName, "seeded");
    assert.equal(seeded[0]?.role, "admin");
    assert.equal((await admin.listUsers()).length, 2);
    assert.equal((await admin.getUser(seeded[1]?.id ?? ""))?.active, false);
    assert.equal(await admin.getUser("UNOPE"), undefined);
    const grp = await admin.seedGroup({ displayName: "Seeded group", members: [seeded[0]?.id ?? ""] });
    assert.equal((await admin.listGroups())[0]?.id, grp.id);

    await admin.injectFault({ method: "GET", pathContains: "/Users", times: 2, status: 503 });
    await admin.injectFault({ method: "POST", pathContains: "/Users", retryAfterSeconds: 7 });
    assert.equal((await scim("GET", "/Users")).status, 503);
    assert.equal((await scim("GET", "/Users")).status, 503);
    assert.equal((await scim("GET", "/Users")).status, 200);
    const throttled = await scim("POST", "/Users", user("x", "x@x.io"));
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get("retry-after"), "7");
    await admin.injectFault({ pathContains: "/Users", status: 500 });
    await admin.clearFaults();
    assert.equal((await scim("GET", "/Users")).status, 200);

    await admin.clearRequests();
    await scim("POST", "/Users", user("logged", "logged@x.io", { title: emu.token }));
    const log = await admin.requests();
    assert.equal(log.length, 1);
    assert.equal(log[0]?.method, "POST");
    assert.equal(log[0]?.status, 201);
    assert.equal((log[0]?.body as { userName: string }).userName, "logged");
    assert.ok(!JSON.stringify(log).includes(emu.token));

    await admin.setRateLimits("off");
    await admin.reset();
    assert.deepEqual(await admin.listUsers(), []);
  });
});
