/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- the tests read raw emulator JSON (typed any in scimClient) field by field */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import { startSlackEmulator } from "../../../dev/slack-emulator";
import { scimClient } from "./scimClient";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH], Operations });
const values = (ids: string[]) => ids.map((value) => ({ value }));

void describe("Slack emulator: group rules", () => {
  let emu: SlackEmulator;
  let scim: ReturnType<typeof scimClient>;
  let ids: string[];

  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off" });
    scim = scimClient(emu.url, emu.token);
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.store.reset();
    ids = emu.store
      .seedUsers(["a", "b", "c", "d"].map((n) => ({ userName: n, emails: [{ value: `${n}@x.io` }] })))
      .map((u) => u.id);
  });

  void it("displayName is required", async () => {
    const r = await scim("POST", "/Groups", { members: [] });
    assert.equal(r.status, 400);
    assert.equal(r.body.detail, "missing_schema_element (displayName)");
    const g = (await scim("POST", "/Groups", { displayName: "X" })).body;
    const blank = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "replace", path: "displayName", value: " " }));
    assert.equal(blank.status, 400);
  });

  void it("deactivated users cannot be added; deactivation removes them; reactivation does not restore", async () => {
    const [a, b] = ids as [string, string];
    const g = (await scim("POST", "/Groups", { displayName: "Eng", members: values([a, b]) })).body;
    assert.equal((await scim("DELETE", `/Users/${b}`)).status, 204);
    let group = (await scim("GET", `/Groups/${g.id}`)).body;
    assert.deepEqual(
      group.members.map((m: { value: string }) => m.value),
      [a],
    );
    const add = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "add", path: "members", value: values([b]) }));
    assert.equal(add.status, 400);
    assert.match(add.body.detail, /^unable_to_add_deleted_or_guest_to_group/);
    const create = await scim("POST", "/Groups", { displayName: "Other", members: values([b]) });
    assert.equal(create.status, 400);
    assert.match(create.body.detail, /^unable_to_add_deleted_or_guest_to_group/);
    await scim("PATCH", `/Users/${b}`, patch({ op: "replace", path: "active", value: true }));
    group = (await scim("GET", `/Groups/${g.id}`)).body;
    assert.deepEqual(
      group.members.map((m: { value: string }) => m.value),
      [a],
    );
  });

  void it("`remove members` without a value removes every member (faithful to Slack)", async () => {
    const g = (await scim("POST", "/Groups", { displayName: "All", members: values(ids) })).body;
    const r = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "remove", path: "members" }));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.members, []);
  });

  void it("a request naming more than 15,000 members is too_many_users (checked before the users)", async () => {
    const g = (await scim("POST", "/Groups", { displayName: "Big" })).body;
    const many = Array.from({ length: 15001 }, (_, i) => `U${i}`);
    const r = await scim("PATCH", `/Groups/${g.id}`, patch({ op: "add", path: "members", value: values(many) }));
    assert.equal(r.status, 400);
    assert.equal(r.body.detail, "too_many_users");
    const c = await scim("POST", "/Groups", { displayName: "Big2", members: values(many) });
    assert.equal(c.body.detail, "too_many_users");
  });
});
