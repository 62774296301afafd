/**
 * The groups section of the mapping, applied: the Slack group's name from an expression, scoping filters choosing
 * which assigned groups become Slack groups, and a mapping change renaming the Slack group (ScopeMaterializer marks the
 * group, GroupProvisioner renames it). In-memory engine; checked in Slack's directory.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GroupProvisioner } from "../../../shared/engine/GroupProvisioner";
import type { GroupMapping } from "../../../shared/mapping/AttributeMapping";
import { parseMappingConfig } from "../../../shared/mapping/config/parseMappingConfig";
import { groupMappingProblems } from "../../../shared/mapping/groupMappingProblems";
import { mapGroup } from "../../../shared/mapping/mapGroup";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { groupMessage } from "../../support/memory/provisionMessage";

const prefixed = (prefix: string): GroupMapping => ({
  attributes: [
    {
      target: "displayName",
      source: { kind: "expression", expression: `Join("-", "${prefix}", ToLower(StripSpaces([displayName])))` },
      flow: "always",
    },
    { target: "members", source: { kind: "attribute", name: "members" }, flow: "always" },
  ],
  scopingFilters: [{ clauses: [{ attribute: "displayName", operator: "REGEX MATCH", value: "(?i)^team " }] }],
});

async function withGroups(groupMapping: GroupMapping): Promise<InMemoryEngine> {
  const e = createInMemoryEngine({ groupMapping });
  const { ctx } = e;
  const groups = [
    { groupId: "g-core", displayName: "Team Core" },
    { groupId: "g-all", displayName: "All Staff" },
  ];
  await ctx.scope.apply(
    ctx.jobId,
    groups.map((g) => ({ principalId: g.groupId, principalType: "Group" as const, appRoleId: "role-user" })),
    [],
  );
  await ctx.groups.save(
    ctx.jobId,
    groups.map((g) => ({ ...g, round: 1, users: new Set<string>(), groups: new Set<string>() })),
    new Map(),
  );
  return e;
}

const provision = (e: InMemoryEngine, groupId: string) =>
  new GroupProvisioner(e.ctx).provision(groupMessage(e, groupId));

void describe("group mapping", () => {
  void it("names the Slack group from the expression and leaves out a group the scoping filters reject", async () => {
    const e = await withGroups(prefixed("ent"));

    const core = await provision(e, "g-core");
    const all = await provision(e, "g-all");

    assert.equal(core?.action, "Create");
    assert.deepEqual(
      e.slack.directory.allGroups().map((g) => g.displayName),
      ["ent-teamcore"],
    );
    assert.equal(all, undefined, "nothing to record: the group was never in Slack and is not wanted");
  });

  void it("a mapping change renames the Slack group; a group the filters now reject is staged for deletion", async () => {
    const e = await withGroups(prefixed("ent"));
    await provision(e, "g-core");
    const id = e.slack.directory.allGroups()[0]?.id;

    (e.ctx as { groupMapping?: GroupMapping }).groupMapping = prefixed("slack");
    const renamed = await provision(e, "g-core");
    assert.equal(renamed?.action, "Update");
    assert.deepEqual(renamed?.modifiedProperties, [
      { name: "displayName", oldValue: "ent-teamcore", newValue: "slack-teamcore" },
    ]);
    assert.deepEqual(
      e.slack.directory.allGroups().map((g) => [g.id, g.displayName]),
      [[id, "slack-teamcore"]],
    );
    assert.equal((await e.ctx.groupLinks.get(e.ctx.jobId, "g-core"))?.link.exported?.displayName, "slack-teamcore");

    (e.ctx as { groupMapping?: GroupMapping }).groupMapping = {
      ...prefixed("slack"),
      scopingFilters: [{ clauses: [{ attribute: "displayName", operator: "EQUALS", value: "All Staff" }] }],
    };
    assert.equal(await provision(e, "g-core"), undefined);
    assert.equal(e.slack.directory.allGroups().length, 1, "staged for the deletion guard, not deleted yet");
    assert.equal((await e.ctx.removals.get(e.ctx.jobId, "Group", "g-core"))?.state, "staged");
    const deleted = await new GroupProvisioner(e.ctx).provision(groupMessage(e, "g-core", { removal: "released" }));
    assert.equal(deleted?.action, "Delete");
    assert.match(
      deleted?.reason ?? "",
      /group scoping filters leave it out \(displayName EQUALS "All Staff" is false\)/,
    );
    assert.equal(e.slack.directory.allGroups().length, 0);
  });

  void it("mapGroup: the Entra name without a displayName target, an error for an empty name", () => {
    assert.deepEqual(mapGroup({ groupId: "g", displayName: "Eng" }, { attributes: [] }), {
      kind: "group",
      displayName: "Eng",
    });
    const empty = mapGroup(
      { groupId: "g", displayName: "Eng" },
      {
        attributes: [
          {
            target: "displayName",
            source: { kind: "expression", expression: 'Replace([displayName], "Eng", , , "", , )' },
            flow: "always",
          },
        ],
      },
    );
    assert.equal(empty.kind, "error");
    assert.match((empty as { message: string }).message, /gives no value.*Coalesce/);
  });

  void it("validation: group sources and filters read displayName and id only; the file carries group scoping filters", () => {
    const problems = groupMappingProblems({
      attributes: [
        {
          target: "displayName",
          source: { kind: "expression", expression: 'Join(" ", [mail], [displayName])' },
          flow: "always",
        },
      ],
      scopingFilters: [{ clauses: [{ attribute: "department", operator: "EQUALS", value: "x" }] }],
    });
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0] ?? "", /reads \[mail\]/);
    assert.match(problems[1] ?? "", /Group scoping filter 1 reads "department"/);
    const config = parseMappingConfig(
      JSON.stringify({
        version: 1,
        users: {
          attributes: [
            { target: "userName", source: { attribute: "userPrincipalName" }, matching: 1 },
            { target: 'emails[type eq "work"].value', source: { attribute: "mail" }, matching: 2 },
            { target: "displayName", source: { attribute: "displayName" } },
          ],
        },
        groups: {
          attributes: [{ target: "displayName", source: { expression: 'Append("x-", [displayName])' } }],
          scopingFilters: [{ clauses: [{ attribute: "displayName", operator: "Includes", value: "Team" }] }],
        },
      }),
      "json",
    );
    assert.deepEqual(config.groups.scopingFilters, [
      { clauses: [{ attribute: "displayName", operator: "Includes", value: "Team" }] },
    ]);
  });
});
