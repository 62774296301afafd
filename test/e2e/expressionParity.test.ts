/**
 * Entra expression parity, end to end through the local stack with a mapping file:
 * - userName from SelectUniqueValue: the first choice is taken by a deactivated Slack user, so the user is created
 *   with the second (each candidate asked of Slack with a SCIM userName filter); the preview shows the candidates
 *   and writes nothing;
 * - the groups section: Slack group names from an expression, a scoping filter (a .NET inline-option regex) choosing
 *   which assigned groups become Slack groups, and an edit of the mapping file renaming the Slack group.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import type { UserPreview } from "../../shared/engine/previewUser";
import { runCycle } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const root = join(__dirname, "..", "..", "..");
const defaults = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
const USERNAME =
  "    - target: userName\n      source: { attribute: userPrincipalName }\n      flow: always\n      matching: 1\n";
const UNIQUE_USERNAME =
  "    - target: userName\n" +
  "      source:\n" +
  "        expression: >-\n" +
  '          SelectUniqueValue(ToLower(Join(".", [givenName], [surname])),\n' +
  '          ToLower(Join(".", Mid([givenName], 1, 1), [surname])))\n' +
  "      flow: createOnly\n";
const GROUPS = defaults.slice(defaults.indexOf("groups:\n"));

/** The groups section: "<prefix>-<name without spaces, lower case>", only groups whose name starts "team " (any case). */
const groupsSection = (prefix: string) =>
  "groups:\n" +
  "  attributes:\n" +
  "    - target: displayName\n" +
  `      source: { expression: 'Join("-", "${prefix}", ToLower(StripSpaces([displayName])))' }\n` +
  "    - target: members\n" +
  "      source: { attribute: members }\n" +
  "  scopingFilters:\n" +
  "    - name: Teams only\n" +
  "      clauses:\n" +
  "        - { attribute: displayName, operator: REGEX MATCH, value: '(?i)^team ' }\n";

const mappingWith = (prefix: string) =>
  defaults.replace(USERNAME, UNIQUE_USERNAME).replace(GROUPS, groupsSection(prefix));

void describe("expression parity: SelectUniqueValue and the groups mapping", () => {
  let stack: LocalStack;
  let mappingFile = "";
  let deactivatedId = "";
  before(async () => {
    assert.ok(defaults.includes(USERNAME) && defaults.includes("groups:\n"), "the default file has the edited parts");
    mappingFile = join(mkdtempSync(join(tmpdir(), "e2s-expr-")), "mapping.yaml");
    writeFileSync(mappingFile, mappingWith("ent"));
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { MAPPING_FILE: mappingFile, SLACK_MAX_WRITES_PER_MINUTE: "6000", SLACK_MAX_READS_PER_MINUTE: "6000" },
      seed: (graph) => {
        const ada = graph.directory.createUser({
          userPrincipalName: "ada.park@contoso.example",
          mail: "ada.park@contoso.example",
          displayName: "Ada Park",
          givenName: "Ada",
          surname: "Park",
          accountEnabled: true,
        });
        for (const name of ["Team Core", "All Staff"]) {
          const g = graph.directory.createGroup({ displayName: name, members: [ada.id] });
          graph.directory.assign({ principalId: g.id, principalType: "Group" });
        }
      },
    });
    // A former employee, deactivated in Slack, still holds the userName the first rule gives.
    deactivatedId = stack.slack.store.seedUser({
      userName: "ada.park",
      emails: [{ value: "ada.park@former.example", primary: true }],
      active: false,
    }).id;
  });
  after(async () => {
    await stack?.stop();
  });

  void it("creates the user with the second candidate: the first is taken by a deactivated Slack user", async () => {
    const r = await runCycle(stack);
    assert.equal(r.counts.byAction.Create, 1, JSON.stringify(r.counts));
    const users = stack.slack.store.listUsers().map((u) => [u.userName, u.active, u.id === deactivatedId]);
    assert.deepEqual(
      users.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ["a.park", true, false],
        ["ada.park", false, true],
      ],
    );
    const probes = stack.slack.store
      .requests()
      .filter((q) => q.method === "GET" && /userName eq/.test(decodeURIComponent(q.path)))
      .map((q) => /userName eq "([^"]+)"/.exec(decodeURIComponent(q.path))?.[1]);
    assert.deepEqual(probes, ["ada.park", "a.park"]);
  });

  void it("the preview shows SelectUniqueValue's candidates (chosen on create only: the user stays in sync) and writes nothing", async () => {
    const writes = () => stack.slack.store.requests().filter((r) => r.method !== "GET").length;
    const before = writes();
    const res = await fetch(`${stack.apiUrl()}/preview/users/ada.park@contoso.example`);
    assert.equal(res.status, 200);
    const p = (await res.json()) as UserPreview;
    assert.deepEqual(p.mapped?.unique, { userName: ["ada.park", "a.park"] });
    assert.equal(p.plan?.kind, "inSync", "a createOnly SelectUniqueValue is not chosen again for a linked user");
    assert.equal(writes(), before);
  });

  void it("names Slack groups from the expression and creates only the groups the scoping filter selects", () => {
    const groups = stack.slack.store.listGroups();
    assert.deepEqual(
      groups.map((g) => g.displayName),
      ["ent-teamcore"],
    );
    const ada = stack.slack.store.listUsers().find((u) => u.userName === "a.park");
    assert.deepEqual(
      groups[0]?.members.map((m) => m.value),
      [ada?.id],
    );
  });

  void it("an edit of the groups mapping renames the Slack group (same group, new name) in the next cycle", async () => {
    const id = stack.slack.store.listGroups()[0]?.id;
    writeFileSync(mappingFile, mappingWith("slack"));
    await waitFor(
      async () => {
        await runCycle(stack);
        return stack.slack.store.listGroups().some((g) => g.displayName === "slack-teamcore");
      },
      { timeoutMs: 60_000, intervalMs: 200, what: "the Slack group to be renamed through the mapping" },
    );
    assert.deepEqual(
      stack.slack.store.listGroups().map((g) => [g.id, g.displayName]),
      [[id, "slack-teamcore"]],
    );
    assert.equal(stack.slack.store.listUsers().find((u) => u.id === deactivatedId)?.active, false, "left alone");
  });
});
