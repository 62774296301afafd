/**
 * Mappings as configuration, end to end: preview one user (HTTP and the command) with the mapping in force and with a
 * candidate; then edit the mapping file (userName from a ToLower/Join expression) and check that the next cycle
 * updates exactly the users whose payload changed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import type { DryRunPlan } from "../../shared/engine/planAll";
import type { UserPreview } from "../../shared/engine/previewUser";
import { runCycle } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const root = join(__dirname, "..", "..", "..");
const defaults = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
const USERNAME_LINE = "target: userName\n      source: { attribute: userPrincipalName }";
const candidate = defaults.replace(
  USERNAME_LINE,
  `target: userName\n      source: { expression: 'ToLower(Join(".", [givenName], [surname]))' }`,
);

void describe("mapping file, preview and resync", () => {
  let stack: LocalStack;
  let dir = "";
  let mappingFile = "";
  before(async () => {
    assert.notEqual(candidate, defaults, "the test edits the userName mapping");
    dir = mkdtempSync(join(tmpdir(), "e2s-mapping-"));
    mappingFile = join(dir, "mapping.yaml");
    writeFileSync(mappingFile, defaults);
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { MAPPING_FILE: mappingFile, SLACK_MAX_WRITES_PER_MINUTE: "6000", SLACK_MAX_READS_PER_MINUTE: "6000" },
      seed: (graph) => {
        for (const [upn, givenName, surname] of [
          ["ada.park@contoso.example", "Ada", "Park"],
          ["bob.x@contoso.example", "Robert", "Smith"],
          ["cat.lee@contoso.example", "Cat", "Lee"],
        ] as const) {
          const u = graph.directory.createUser({
            userPrincipalName: upn,
            mail: upn,
            displayName: `${givenName} ${surname}`,
            givenName,
            surname,
            accountEnabled: true,
          });
          graph.directory.assign({ principalId: u.id });
        }
      },
    });
    await runCycle(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  void it("previews a user over HTTP with the mapping in force: in sync, nothing to send", async () => {
    const res = await fetch(`${stack.apiUrl()}/preview/users/bob.x@contoso.example`);
    assert.equal(res.status, 200);
    const p = (await res.json()) as UserPreview;
    assert.equal(p.plan?.kind, "inSync");
    assert.equal(p.scope?.inScope, true);
    assert.deepEqual(p.validation, []);
  });

  void it("previews a candidate mapping (HTTP body and the command) without writing anything", async () => {
    const before = stack.slack.store.requests().length;
    const res = await fetch(`${stack.apiUrl()}/preview/users/bob.x@contoso.example`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: candidate,
    });
    const p = (await res.json()) as UserPreview;
    assert.equal(p.plan?.kind, "update");
    assert.deepEqual(p.patch, [{ op: "replace", path: "userName", value: "robert.smith" }]);

    const settingsFile = join(dir, "settings.json");
    writeFileSync(settingsFile, JSON.stringify({ Values: stack.settings }));
    const candidateFile = join(dir, "candidate.yaml");
    writeFileSync(candidateFile, candidate);
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(root, "dist", "dev", "cli", "preview.js"),
      "ada.park@contoso.example",
      "--settings",
      settingsFile,
      "--mapping",
      candidateFile,
    ]);
    const ada = JSON.parse(stdout) as UserPreview;
    assert.equal(ada.plan?.kind, "inSync", "ada.park stays ada.park under the candidate mapping");
    assert.equal(stack.slack.store.requests().length, before, "previews make no Slack call");
  });

  void it("dry-runs the whole job: nothing to do with the mapping in force, exactly bob's rename with the candidate", async () => {
    const before = stack.slack.store.requests().length;
    const current = (await (await fetch(`${stack.apiUrl()}/plan`)).json()) as DryRunPlan;
    assert.equal(current.evaluated, 3);
    assert.equal(current.counts.unchanged, 3);
    assert.deepEqual(current.changes, []);
    const res = await fetch(`${stack.apiUrl()}/plan`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: candidate,
    });
    const plan = (await res.json()) as DryRunPlan;
    assert.equal(plan.mapping, "candidate");
    assert.deepEqual(
      plan.changes.map((c) => [c.identity, c.action, c.changes]),
      [
        [
          "bob.x@contoso.example",
          "update",
          [{ target: "userName", oldValue: "bob.x@contoso.example", newValue: "robert.smith" }],
        ],
      ],
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(root, "dist", "dev", "cli", "plan.js"),
      "--settings",
      join(dir, "settings.json"),
      "--mapping",
      join(dir, "candidate.yaml"),
    ]);
    assert.match(stdout, /update 1/);
    assert.match(stdout, /bob\.x@contoso\.example\s+userName: bob\.x@contoso\.example → robert\.smith/);
    assert.equal(stack.slack.store.requests().length, before, "a dry run makes no Slack call");
  });

  void it("a bad candidate is refused with the field and the column", async () => {
    const res = await fetch(`${stack.apiUrl()}/preview/users/bob.x@contoso.example`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: candidate.replace("ToLower(Join", "ToLower(Jion"),
    });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /users\.attributes\[0\]|column/);
  });

  void it("after the file is edited, the next cycle updates exactly the users whose payload changed", async () => {
    writeFileSync(mappingFile, candidate);
    // The host notices the edit within a second; poll the preview until the new mapping is in force.
    await waitFor(
      async () => {
        const p = (await (await fetch(`${stack.apiUrl()}/preview/users/bob.x@contoso.example`)).json()) as UserPreview;
        return p.plan?.kind === "update";
      },
      { timeoutMs: 10_000, intervalMs: 100, what: "the edited mapping file to be in force" },
    );
    const r = await runCycle(stack);
    assert.equal(r.full, true);
    assert.match(r.fullReason ?? "", /mapping/);
    assert.equal(r.counts.byAction.Update, 1);
    const names = stack.slack.store
      .listUsers()
      .map((u) => u.userName)
      .sort();
    assert.deepEqual(names, ["ada.park", "cat.lee", "robert.smith"]);
  });
});
