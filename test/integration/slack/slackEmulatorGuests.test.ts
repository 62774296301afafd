/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- the tests read raw emulator JSON (typed any in scimClient) field by field */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import { DEFAULT_SLACK_EMULATOR_TOKEN, startSlackEmulator } from "../../../dev/slack-emulator";
import { scimClient } from "./scimClient";

const GUEST = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

function user(userName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [CORE], userName, emails: [{ value: `${userName}@corp.example`, primary: true }], ...extra };
}
function patch(...ops: { op: string; path?: string; value?: unknown }[]) {
  return { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops };
}

/**
 * Slack's guest extension as the reference describes it (slack-scim.md §2.1, §2.4, §2.6, §6.6): `type` "multi" only,
 * an optional ISO 8601 expiration, Enterprise Grid only, admins and owners refused (`cannot_make_user_guest`), and a
 * conversion either way reactivates a deactivated user.
 */
void describe("Slack emulator: multi-channel guests (Enterprise Grid)", () => {
  let emu: SlackEmulator;
  let scim: ReturnType<typeof scimClient>;
  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off", grid: true });
    scim = scimClient(emu.url, DEFAULT_SLACK_EMULATOR_TOKEN);
  });
  after(() => emu.close());
  beforeEach(() => emu.store.reset());

  void it("creates a guest: the extension and its URN come back, the account type says guest", async () => {
    const r = await scim(
      "POST",
      "/Users",
      user("gina", { schemas: [CORE, GUEST], [GUEST]: { type: "multi", expiration: "2031-11-30T23:59:59Z" } }),
    );
    assert.equal(r.status, 201);
    assert.deepEqual(r.body[GUEST], { type: "multi", expiration: "2031-11-30T23:59:59Z" });
    assert.ok((r.body.schemas as string[]).includes(GUEST));
    assert.deepEqual(
      (r.body.roles as { type?: string }[]).find((x) => x.type === "account"),
      { value: "Multi-Channel Guest", type: "account" },
    );
    const member = await scim("POST", "/Users", user("mona"));
    assert.equal(member.body[GUEST], undefined, "a member has no guest extension");
    assert.ok(!(member.body.schemas as string[]).includes(GUEST));
  });

  void it("refuses a type other than multi, a missing type and a malformed expiration", async () => {
    const cases: [unknown, string][] = [
      [{ type: "single" }, "invalid_attribute_format"],
      [{ expiration: "2031-01-01" }, "missing_schema_element"],
      [{ type: "multi", expiration: "next tuesday" }, "invalid_attribute_format"],
    ];
    for (const [extension, code] of cases) {
      const r = await scim("POST", "/Users", user("gus", { [GUEST]: extension }));
      assert.equal(r.status, 400, JSON.stringify(extension));
      assert.match(String(r.body.detail), new RegExp(`^${code}`));
    }
  });

  void it("converts a member to a guest and back by PATCH, and clears an expiration", async () => {
    const { body: created } = await scim("POST", "/Users", user("carl"));
    const toGuest = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "add", path: GUEST, value: { type: "multi", expiration: "2031-06-01T00:00:00Z" } }),
    );
    assert.equal(toGuest.status, 200);
    assert.deepEqual(toGuest.body[GUEST], { type: "multi", expiration: "2031-06-01T00:00:00Z" });
    const cleared = await scim("PATCH", `/Users/${created.id}`, patch({ op: "remove", path: `${GUEST}.expiration` }));
    assert.deepEqual(cleared.body[GUEST], { type: "multi", expiration: null });
    const back = await scim("PATCH", `/Users/${created.id}`, patch({ op: "remove", path: GUEST }));
    assert.equal(back.status, 200);
    assert.equal(back.body[GUEST], undefined);
    const expirationAlone = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "add", path: `${GUEST}.expiration`, value: "2031-01-01" }),
    );
    assert.equal(expirationAlone.status, 400, "an expiration alone does not make a member a guest");
  });

  void it("either conversion reactivates a deactivated user", async () => {
    const { body: created } = await scim("POST", "/Users", user("dana"));
    assert.equal((await scim("DELETE", `/Users/${created.id}`)).status, 204);
    const guest = await scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "add", path: GUEST, value: { type: "multi" } }),
    );
    assert.equal(guest.body.active, true);
    assert.equal((await scim("DELETE", `/Users/${created.id}`)).status, 204);
    const member = await scim("PATCH", `/Users/${created.id}`, patch({ op: "remove", path: GUEST }));
    assert.equal(member.body.active, true);
    assert.equal(member.body[GUEST], undefined);
  });

  void it("refuses to make an admin or an owner a guest (cannot_make_user_guest) and changes nothing", async () => {
    for (const role of ["admin", "owner", "primaryOwner"] as const) {
      const seeded = emu.store.seedUser({
        userName: `x-${role}`.toLowerCase(),
        emails: [{ value: `${role}@x.io` }],
        role,
      });
      const r = await scim("PATCH", `/Users/${seeded.id}`, patch({ op: "add", path: GUEST, value: { type: "multi" } }));
      assert.equal(r.status, 400, role);
      assert.match(String(r.body.detail), /^cannot_make_user_guest/);
      assert.equal((await scim("GET", `/Users/${seeded.id}`)).body[GUEST], undefined);
    }
  });
});

void describe("Slack emulator: guests outside Enterprise Grid", () => {
  let emu: SlackEmulator;
  let scim: ReturnType<typeof scimClient>;
  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off", grid: false });
    scim = scimClient(emu.url, DEFAULT_SLACK_EMULATOR_TOKEN);
  });
  after(() => emu.close());

  void it("refuses the guest extension on create and on PATCH (Enterprise only), and creates nobody", async () => {
    const r = await scim("POST", "/Users", user("gail", { [GUEST]: { type: "multi" } }));
    assert.equal(r.status, 403);
    assert.match(String(r.body.detail), /^permission_denied/);
    assert.equal((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "gail"')}`)).body.totalResults, 0);
    const { body: member } = await scim("POST", "/Users", user("gwen"));
    const p = await scim("PATCH", `/Users/${member.id}`, patch({ op: "add", path: GUEST, value: { type: "multi" } }));
    assert.equal(p.status, 403);
  });
});
