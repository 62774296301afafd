/**
 * OUT_OF_SCOPE_ACTION, DISABLED_USER_ACTION and GUEST_POLICY on the in-memory engine (the Slack emulator's directory
 * behind it): what reaches Slack, the link, the deletion guard's rows and the activity record.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserProvisioner } from "../../../shared/engine/UserProvisioner";
import type { InMemoryEngine, InMemoryEngineOptions } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { entraUser } from "../../support/memory/entraUser";
import { userMessage } from "../../support/memory/provisionMessage";
import { observeUser, seedUser, unassignUser } from "../../support/memory/seedUser";

const GUEST = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
const link = async (e: InMemoryEngine, objectId: string) => (await e.ctx.links.get(e.ctx.jobId, objectId))?.link;
const provision = (e: InMemoryEngine, objectId: string) =>
  new UserProvisioner(e.ctx).provision(userMessage(e, objectId));
const slackUser = (e: InMemoryEngine, slackId: string | undefined) =>
  e.slack.directory.allUsers().find((u) => u.id === slackId);
const writes = (e: InMemoryEngine) => e.slack.requests.filter((r) => r.method !== "GET").length;

async function provisioned(options: InMemoryEngineOptions, local = "ada.park") {
  const e = createInMemoryEngine(options);
  const ada = entraUser(local, { jobTitle: "Engineer" });
  await seedUser(e, ada);
  assert.equal((await provision(e, ada.id))?.action, "Create");
  return { e, ada };
}

void describe("OUT_OF_SCOPE_ACTION and DISABLED_USER_ACTION", () => {
  void it("leave: an unassigned user stays active in Slack, nothing is staged, a Skip names the setting", async () => {
    const { e, ada } = await provisioned({ policies: { outOfScope: "leave" } });
    const before = writes(e);
    await unassignUser(e, ada.id);
    const record = await provision(e, ada.id);
    assert.equal(record?.action, "Skip");
    assert.equal(record?.status, "Skipped");
    assert.match(
      record?.reason ?? "",
      /^Left as it is in Slack: .*no longer assigned.*OUT_OF_SCOPE_ACTION is leave\.$/,
    );
    assert.equal(writes(e), before, "no Slack write");
    assert.equal(await e.ctx.removals.get(e.ctx.jobId, "User", ada.id), undefined, "nothing staged for the guard");
    const l = await link(e, ada.id);
    assert.equal(slackUser(e, l?.slackId)?.active, true);
    assert.equal(l?.leftAlone, "outOfScope");
    assert.equal(l?.slackId !== undefined, true, "the link remains");
    assert.equal(record?.policy, "OUT_OF_SCOPE_ACTION=leave", "the record names the policy (the attention list's)");
    assert.equal(record?.errorCode, undefined, "not a rejection in the cycle's tally");
  });

  void it("leave: a user who comes back in scope is updated normally and loses the mark", async () => {
    const { e, ada } = await provisioned({ policies: { outOfScope: "leave" } });
    await unassignUser(e, ada.id);
    await provision(e, ada.id);
    await seedUser(e, { ...ada, jobTitle: "Principal Engineer" });
    const record = await provision(e, ada.id);
    assert.equal(record?.action, "Update");
    assert.deepEqual(record?.modifiedProperties, [
      { name: "title", oldValue: "Engineer", newValue: "Principal Engineer" },
    ]);
    const l = await link(e, ada.id);
    assert.equal(l?.leftAlone, undefined);
    assert.equal(slackUser(e, l?.slackId)?.title, "Principal Engineer");
  });

  void it("deactivate (the default): the same unassignment is staged for the deletion guard", async () => {
    const { e, ada } = await provisioned({});
    await unassignUser(e, ada.id);
    assert.equal(await provision(e, ada.id), undefined, "nothing recorded while staged");
    assert.equal((await e.ctx.removals.get(e.ctx.jobId, "User", ada.id))?.state, "staged");
  });

  void it("DISABLED_USER_ACTION=leave: a blocked user stays active in Slack; OUT_OF_SCOPE_ACTION=leave alone does not", async () => {
    const { e, ada } = await provisioned({ policies: { disabled: "leave" } });
    await observeUser(e, { ...ada, accountEnabled: false });
    const record = await provision(e, ada.id);
    assert.equal(record?.action, "Skip");
    assert.match(record?.reason ?? "", /accountEnabled = false.*DISABLED_USER_ACTION is leave/);
    assert.equal((await link(e, ada.id))?.leftAlone, "disabled");
    assert.equal(await e.ctx.removals.get(e.ctx.jobId, "User", ada.id), undefined);

    const other = await provisioned({ policies: { outOfScope: "leave" } }, "bo.lind");
    await observeUser(other.e, { ...other.ada, accountEnabled: false });
    assert.equal(await provision(other.e, other.ada.id), undefined, "blocked: staged as before");
    assert.equal((await other.e.ctx.removals.get(other.e.ctx.jobId, "User", other.ada.id))?.state, "staged");
  });

  void it("leave never creates: a blocked user who was never provisioned is skipped", async () => {
    const e = createInMemoryEngine({ policies: { disabled: "leave" } });
    const cy = entraUser("cy.moss", { accountEnabled: false });
    await seedUser(e, cy);
    const record = await provision(e, cy.id);
    assert.equal(record?.action, "Skip");
    assert.match(record?.reason ?? "", /not created/);
    assert.equal(e.slack.directory.allUsers().length, 0);
  });
});

void describe("GUEST_POLICY", () => {
  const guest = (local: string, props: Record<string, unknown> = {}) =>
    entraUser(local, {
      userPrincipalName: `${local}_f#EXT#@contoso.example`,
      mail: `${local}@fabrikam.example`,
      userType: "Guest",
      ...props,
    });

  void it("skip: a guest is not provisioned, and the Skip says why", async () => {
    const e = createInMemoryEngine({ policies: { guests: "skip" } });
    const g = guest("gus.gray");
    await seedUser(e, g);
    const record = await provision(e, g.id);
    assert.equal(record?.action, "Skip");
    assert.match(record?.reason ?? "", /guest in Entra ID \(userType is Guest\) and GUEST_POLICY is skip/);
    assert.equal(record?.policy, "GUEST_POLICY=skip");
    assert.equal(e.slack.directory.allUsers().length, 0);
  });

  void it("member (the default): a guest is created as a full member, without the extension", async () => {
    const e = createInMemoryEngine({ grid: true });
    const g = guest("gus.gray");
    await seedUser(e, g);
    assert.equal((await provision(e, g.id))?.action, "Create");
    const created = e.slack.directory.allUsers()[0];
    assert.equal(created?.guest, null);
    const post = e.slack.requests.find((r) => r.method === "POST");
    assert.equal(JSON.stringify(post?.body ?? {}).includes(GUEST), false);
  });

  void it("guest: created as a multi-channel guest with the expiration, converted to a member and back by PATCH", async () => {
    const e = createInMemoryEngine({
      grid: true,
      policies: { guests: "guest", guestExpirationAttribute: "extensionAttribute3" },
    });
    const g = guest("gus.gray", { onPremisesExtensionAttributes: { extensionAttribute3: "2031-05-01" } });
    await seedUser(e, g);
    const created = await provision(e, g.id);
    assert.equal(created?.action, "Create");
    const slackId = (await link(e, g.id))?.slackId;
    assert.deepEqual(slackUser(e, slackId)?.guest, { expiration: "2031-05-01T23:59:59Z" });
    assert.match(created?.steps.find((s) => s.name === "scope")?.detail ?? "", /multi-channel guest/);

    await seedUser(e, { ...g, userType: "Member", userPrincipalName: "gus.gray@contoso.example" });
    const toMember = await provision(e, g.id);
    assert.equal(toMember?.action, "Update");
    assert.equal(slackUser(e, slackId)?.guest, null);
    const patch = e.slack.requests.filter((r) => r.method === "PATCH").at(-1);
    const operations = (patch?.body as { Operations: { op: string; path: string }[] }).Operations;
    assert.deepEqual(
      operations.filter((o) => o.path.startsWith(GUEST)),
      [{ op: "remove", path: GUEST }],
      "Slack's documented conversion to a member",
    );

    await seedUser(e, g);
    assert.equal((await provision(e, g.id))?.action, "Update");
    assert.deepEqual(slackUser(e, slackId)?.guest, { expiration: "2031-05-01T23:59:59Z" });
  });

  void it("guest: an expiration in the past or malformed is refused before any Slack call, with the fix", async () => {
    for (const [value, rule] of [
      ["2020-01-01", "guest_expiration_past"],
      ["someday", "invalid_guest_expiration"],
    ] as const) {
      const e = createInMemoryEngine({
        grid: true,
        policies: { guests: "guest", guestExpirationAttribute: "employeeLeaveDateTime" },
      });
      const g = guest("gus.gray", { employeeLeaveDateTime: value });
      await seedUser(e, g);
      const before = writes(e);
      const record = await provision(e, g.id);
      assert.equal(record?.status, "Failure");
      assert.equal(record?.errorCode, rule);
      assert.match(record?.reason ?? "", /Entra ID/);
      assert.equal(writes(e), before, "no write");
      assert.equal(e.slack.directory.allUsers().length, 0);
    }
  });

  void it("guest: an existing Slack admin matched by userName is not made a guest (cannot_make_user_guest, no write)", async () => {
    const e = createInMemoryEngine({ grid: true, policies: { guests: "guest" } });
    const g = guest("gus.gray", { userPrincipalName: "gus.gray@contoso.example" });
    const admin = e.slack.directory.seedUser(
      { userName: "gus.gray", emails: [{ value: "gus.gray@fabrikam.example", primary: true }] },
      "admin",
      true,
    );
    await seedUser(e, g);
    const before = writes(e);
    const record = await provision(e, g.id);
    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "cannot_make_user_guest");
    assert.match(record?.reason ?? "", new RegExp(`${admin.id} is an Admin.*GUEST_POLICY=member`));
    assert.equal(writes(e), before);
    assert.equal(slackUser(e, admin.id)?.guest, null);
  });

  void it("guest: Slack's cannot_make_user_guest on a conversion is explained", async () => {
    const e = createInMemoryEngine({ grid: true, policies: { guests: "guest" } });
    const m = entraUser("mo.ray");
    await seedUser(e, m);
    await provision(e, m.id);
    const slackId = (await link(e, m.id))?.slackId as string;
    e.slack.directory.setRole(slackId, "owner");
    await seedUser(e, { ...m, userType: "Guest" });
    const record = await provision(e, m.id);
    assert.equal(record?.status, "Failure");
    assert.equal(record?.errorCode, "cannot_make_user_guest");
    assert.match(record?.reason ?? "", /admin or owner.*Remove the role in Slack/);
    assert.equal(slackUser(e, slackId)?.guest, null);
  });
});
