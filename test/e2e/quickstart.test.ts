/**
 * The quickstart contract: `npm start -- --once --json` provisions the seeded demo directory, rejecting exactly the users
 * seeded to be invalid, each with its reason; bad credentials make it exit non-zero.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startGraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import { buildDemoDirectory } from "../../dev/seed/buildDemoDirectory";
import { startSlackEmulator } from "../../dev/slack-emulator/startSlackEmulator";

const cli = join(__dirname, "..", "..", "dev", "cli", "start.js");

function run(args: string[], timeoutMs = 180_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`CLI timed out; stderr:\n${stderr}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Summary {
  converged: boolean;
  counts: { byAction: Record<string, number>; byStatus: Record<string, number> };
  groupCounts: { byAction: Record<string, number>; byStatus: Record<string, number> };
  rejected: { objectId: string; errorCode: string; reason: string }[];
  slack: { users: { total: number; active: number }; groups: number };
  lastError: unknown;
}

void describe("quickstart: npm start -- --once --json", () => {
  void it("provisions the demo directory and rejects exactly the users seeded to be invalid", async () => {
    const { code, stdout, stderr } = await run(["--once", "--json", "--fast"]);
    assert.equal(code, 0, stderr);
    const summary = JSON.parse(stdout) as Summary;
    assert.equal(summary.converged, true);
    assert.equal(summary.lastError, null);
    const demo = buildDemoDirectory();
    const expected = demo.expectedRejections
      .map((r) => ({ objectId: r.objectId, errorCode: r.slackError }))
      .sort((a, b) => a.objectId.localeCompare(b.objectId));
    const actual = summary.rejected
      .map((r) => ({ objectId: r.objectId, errorCode: r.errorCode }))
      .sort((a, b) => a.objectId.localeCompare(b.objectId));
    assert.deepEqual(actual, expected);
    assert.ok(
      summary.rejected.every((r) => r.reason.length > 20),
      "each rejection explains itself",
    );
    const inScope = new Set([...demo.assignedUserIds, ...demo.usersInScopeOnlyViaGroups]);
    const inScopeEnabled = demo.users.filter((u) => inScope.has(u.id) && u.accountEnabled !== false).length;
    const userSuccesses = summary.counts.byStatus.Success ?? 0;
    assert.equal(userSuccesses, inScopeEnabled - expected.length, "one success per valid in-scope user");
    assert.equal(summary.groupCounts.byAction.Create, demo.groupAssignments.length);
    assert.equal(summary.slack.groups, demo.groupAssignments.length, "one Slack group per assigned group");
    // Pre-seeded Slack users + created ones; every one of them active (deactivated matches were reactivated).
    assert.equal(summary.slack.users.total, summary.slack.users.active);
  });

  void it("exits non-zero with a clear message when the Graph credentials are wrong", async () => {
    const graph = await startGraphEmulator();
    const slack = await startSlackEmulator({ rateLimits: "off" });
    const dir = mkdtempSync(join(tmpdir(), "e2s-settings-"));
    try {
      const file = join(dir, "local.settings.json");
      writeFileSync(
        file,
        JSON.stringify({
          IsEncrypted: false,
          Values: {
            FUNCTIONS_WORKER_RUNTIME: "node",
            SYNC_SCHEDULE: "0 */5 * * * *",
            AzureWebJobsStorage: "UseDevelopmentStorage=true",
            GRAPH_BASE_URL: graph.url,
            GRAPH_AUTHORITY_HOST: graph.authorityHost,
            GRAPH_TENANT_ID: graph.tenantId,
            GRAPH_CLIENT_ID: graph.clientId,
            GRAPH_CLIENT_SECRET: "definitely-wrong-secret",
            ENTRA_SERVICE_PRINCIPAL_ID: graph.servicePrincipalId,
            SLACK_SCIM_BASE_URL: slack.url,
            SLACK_TOKEN: slack.token,
          },
        }),
      );
      const { code, stdout, stderr } = await run(["--once", "--settings", file], 60_000);
      assert.equal(code, 1);
      const out = stdout + stderr;
      assert.match(out, /graph/i);
      assert.match(out, /Credential/);
      assert.equal(out.includes("definitely-wrong-secret"), false, "the secret is never printed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([graph.close(), slack.close()]);
    }
  });
});
