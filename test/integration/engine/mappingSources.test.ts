/**
 * Mapping sources beyond the defaults, end to end through Graph (emulator) and Slack (emulator): on-premises extension
 * attributes, directory schema extensions and employeeHireDate reach Slack through the mapping file, and the delta
 * $select is derived from it. An expression that fails for one user never blanks the Slack attribute: the record is a
 * Warning that names it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const root = join(__dirname, "..", "..", "..", "..");
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const EXT = "extension_5bfc8fdacfc943a9a6de214ea9d15fdb_costCode";

void describe("mapping sources", () => {
  void it("maps extension attributes, schema extensions and dates; a failing expression leaves its target alone", async () => {
    const { connectionString } = await azurite.ready();
    const defaults = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
    const extra = [
      `    - target: "${ENT}:division"`,
      `      source: { attribute: ${EXT} }`,
      `    - target: "${ENT}:costCenter"`,
      `      source: { expression: 'FormatDateTime([employeeHireDate], , "yyyy-MM-ddTHH:mm:ssZ", "yyyy")' }`,
    ].join("\n");
    const mapping = defaults
      .replace(
        "target: title\n      source: { attribute: jobTitle }",
        "target: title\n      source: { expression: 'Coalesce([extensionAttribute1], [jobTitle])' }",
      )
      .replace("groups:\n", `${extra}\ngroups:\n`);
    const file = join(mkdtempSync(join(tmpdir(), "sources-")), "mapping.yaml");
    writeFileSync(file, mapping);
    const h = await new EngineHarness({ connectionString, settings: { MAPPING_FILE: file } }).start();
    azurite.beforeStop(() => h.stop());
    assert.ok(h.ctx.userSelect.includes("onPremisesExtensionAttributes"));
    assert.ok(h.ctx.userSelect.includes(EXT));
    assert.ok(h.ctx.userSelect.includes("employeeHireDate"));

    const id = h.addUser("ext.user@contoso.example", {
      jobTitle: "Fallback Title",
      onPremisesExtensionAttributes: { extensionAttribute1: "Ext Title" },
      [EXT]: "CC-9",
      employeeHireDate: "2021-03-04T00:00:00Z",
    });
    await h.runCycle();
    const created = await h.slackUserOf(id);
    assert.equal(created?.title, "Ext Title");
    assert.equal(created?.[ENT]?.division, "CC-9");
    assert.equal(created?.[ENT]?.costCenter, "2021");

    // The hire date becomes unparsable, and the title source changes: the title is updated, costCenter is left alone.
    h.graph.directory.updateUser(id, {
      employeeHireDate: "not a date",
      onPremisesExtensionAttributes: { extensionAttribute1: "New Title" },
    });
    await h.runCycle();
    const after = await h.slackUserOf(id);
    assert.equal(after?.title, "New Title");
    assert.equal(after?.[ENT]?.costCenter, "2021", "a failed expression never blanks the Slack value");
    const record = (await h.ctx.activity.byObject(h.ctx.jobId, id))[0];
    assert.equal(record?.status, "Warning");
    assert.equal(record?.errorCode, "expression_failed");
    assert.match(record?.reason ?? "", /costCenter/);
  });

  void it("resolves SingleAppRoleAssignment from the role the user is assigned with, and follows a role change", async () => {
    const { connectionString } = await azurite.ready();
    const defaults = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
    const mapping = defaults.replace(
      "target: title\n      source: { attribute: jobTitle }",
      "target: title\n      source: { expression: 'SingleAppRoleAssignment([appRoleAssignments])' }",
    );
    const file = join(mkdtempSync(join(tmpdir(), "roles-")), "mapping.yaml");
    writeFileSync(file, mapping);
    const h = await new EngineHarness({ connectionString, settings: { MAPPING_FILE: file } }).start();
    azurite.beforeStop(() => h.stop());
    h.graph.directory.setAppRoles([
      { id: "6a2b1f1c-8d3e-4b5a-9c7d-0e1f2a3b4c5d", value: "Member", displayName: "Member" },
      { id: "7b3c2f2d-9e4f-4c6b-8d8e-1f2a3b4c5d6e", value: "Admin", displayName: "Workspace admin" },
    ]);
    const id = h.addUser("role.user@contoso.example", {}, false);
    h.graph.directory.assign({ principalId: id, appRoleId: "6a2b1f1c-8d3e-4b5a-9c7d-0e1f2a3b4c5d" });
    await h.runCycle();
    assert.equal((await h.slackUserOf(id))?.title, "Member");

    h.graph.directory.unassign(id);
    h.graph.directory.assign({ principalId: id, appRoleId: "7b3c2f2d-9e4f-4c6b-8d8e-1f2a3b4c5d6e" });
    const r = await h.runCycle();
    assert.equal(r.full, false);
    assert.equal((await h.slackUserOf(id))?.title, "Admin");
  });
});
