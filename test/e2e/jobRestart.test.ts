/**
 * POST /api/job/restart end to end on the local stack, each resetScope value: Watermark (the cycle it starts reads
 * everything), Escrows (a user held after a permanent Slack failure is retried now), QuarantineState (the job leaves
 * quarantine), ConnectorDataStore through the CLI (links and indexes forgotten; everyone matched again by attribute:
 * no Slack user created or deactivated), Full, and a resetScope that is not one of them (400 naming the valid ones).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { loadSettings } from "../../shared/config/Settings";
import { createEngineContext } from "../../shared/runtime/createEngineContext";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { quarantined } from "../../shared/state/JobState";
import { runCycle, status, waitForConvergence } from "../support/stackCycles";

const DOMAIN = "contoso.example";
const restartCli = join(__dirname, "..", "..", "dev", "cli", "restart.js");
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface RestartAnswer {
  resetScope: string[];
  cycleId?: string;
  completed: boolean;
  rowsReset: number;
}

void describe("POST /api/job/restart with a resetScope, end to end", () => {
  let stack: LocalStack;
  let dir = "";
  const oid: Record<string, string> = {};

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: { DEACTIVATION_THRESHOLD_PERCENT: "100" },
      seed: (graph) => {
        for (const local of ["ann.restart", "ben.restart"]) {
          oid[local] = graph.directory.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local,
            givenName: local.split(".")[0] ?? local,
            surname: "Restart",
            jobTitle: "Engineer",
          }).id;
          graph.directory.assign({ principalId: oid[local] ?? "" });
        }
      },
    });
    dir = mkdtempSync(join(tmpdir(), "restart-cli-"));
    writeFileSync(join(dir, "settings.json"), JSON.stringify({ Values: stack.settings }));
  });
  after(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const slackUsers = () => stack.slack.store.listUsers();
  const slackUser = (userName: string) => {
    const u = slackUsers().find((x) => x.userName === userName);
    assert.ok(u, `${userName} is in Slack`);
    return u;
  };
  async function restart(body: unknown, query = ""): Promise<{ status: number; body: RestartAnswer }> {
    const res = await fetch(`${stack.apiUrl()}/job/restart${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as RestartAnswer };
  }
  const recordsOf = async (cycleId: string) =>
    (await (await fetch(`${stack.apiUrl()}/activity?cycleId=${cycleId}&limit=100`)).json()) as ActivityRecord[];

  void it("provisions two users", async () => {
    const r = await runCycle(stack);
    assert.equal(r.counts.byAction.Create, 2);
  });

  void it("a resetScope that is not Graph's is a 400 naming the valid values; nothing changes", async () => {
    const res = await restart({ criteria: { resetScope: "Watermark, ForceDeletes" } });
    assert.equal(res.status, 400);
    assert.match(
      JSON.stringify(res.body),
      /Valid values: Watermark, Escrows, QuarantineState, ConnectorDataStore, Full.*held\/approve|held\/approve.*Valid values: Watermark, Escrows, QuarantineState, ConnectorDataStore, Full/,
    );
    assert.equal((await status(stack)).converged, true);
  });

  void it("Watermark: 202, and the cycle it starts reads everything", async () => {
    const res = await restart({ criteria: { resetScope: "Watermark" } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.deepEqual(res.body.resetScope, ["Watermark"]);
    assert.ok(res.body.cycleId);
    const r = await waitForConvergence(stack, res.body.cycleId);
    assert.equal(r.full, true);
    assert.match(r.fullReason ?? "", /restart requested \(resetScope Watermark\)/);
  });

  void it("Escrows: a user held after a permanent failure is retried at once", async () => {
    const benSlackId = slackUser("ben.restart").id;
    stack.slack.store.injectFault({ method: "PATCH", pathContains: `/Users/${benSlackId}`, status: 400, times: 1 });
    stack.graph.directory.updateUser(oid["ben.restart"] ?? "", { jobTitle: "Architect" });
    const failed = await runCycle(stack);
    assert.equal(failed.counts.byStatus.Failure, 1);
    await runCycle(stack); // unchanged in Entra: held, not retried
    assert.equal(slackUser("ben.restart").title, "Engineer");

    const res = await restart({ resetScope: "Escrows" });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.deepEqual(res.body.resetScope, ["Escrows"]);
    assert.equal(res.body.rowsReset, 1);
    const r = await waitForConvergence(stack, res.body.cycleId);
    assert.equal(r.full, false, "Escrows alone does not read everything");
    assert.equal(slackUser("ben.restart").title, "Architect");
  });

  void it("QuarantineState: the job leaves quarantine", async () => {
    const ctx = createEngineContext(loadSettings(stack.settings), quiet, stack.settings);
    const now = new Date();
    await ctx.jobs.apply(
      ctx.jobId,
      quarantined({ reason: "EncounteredQuarantineException", code: "Test", detail: "e2e", cycleId: "e2e", now }),
    );
    assert.ok((await status(stack)).quarantine, "quarantined");
    const res = await restart(undefined, "?resetScope=QuarantineState");
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal((await status(stack)).quarantine, undefined);
    await waitForConvergence(stack, res.body.cycleId);
  });

  void it("ConnectorDataStore (CLI): everyone is matched again by attribute, nobody created or deactivated", async () => {
    const before = slackUsers()
      .map((u) => `${u.id}:${u.userName}:${String(u.active)}`)
      .sort();
    const { stdout } = await promisify(execFile)(process.execPath, [
      restartCli,
      "--reset",
      "ConnectorDataStore",
      "--json",
      "--settings",
      join(dir, "settings.json"),
    ]);
    const out = JSON.parse(stdout) as RestartAnswer & { cycle: { started: boolean; cycleId: string; full: boolean } };
    assert.deepEqual(out.resetScope, ["Watermark", "ConnectorDataStore"]);
    assert.equal(out.completed, true);
    assert.ok(out.rowsReset >= 4, `links and index rows deleted (${out.rowsReset})`);
    assert.ok(out.cycle.started && out.cycle.full);
    const r = await waitForConvergence(stack, out.cycle.cycleId);
    assert.equal(r.counts.byAction.Create ?? 0, 0);
    assert.equal(r.counts.byAction.Disable ?? 0, 0);
    const adopted = (await recordsOf(out.cycle.cycleId)).filter((x) =>
      /Adopted the existing Slack user/.test(x.reason),
    );
    assert.deepEqual(adopted.map((x) => x.objectId).sort(), [oid["ann.restart"], oid["ben.restart"]].sort());
    assert.deepEqual(
      slackUsers()
        .map((u) => `${u.id}:${u.userName}:${String(u.active)}`)
        .sort(),
      before,
    );
  });

  void it("Full: all four, a full cycle, and still nobody created or deactivated", async () => {
    const res = await restart({ criteria: { resetScope: "Full" } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.deepEqual(res.body.resetScope, ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore"]);
    const r = await waitForConvergence(stack, res.body.cycleId);
    assert.equal(r.full, true);
    assert.equal(r.counts.byAction.Create ?? 0, 0);
    assert.equal(r.counts.byAction.Disable ?? 0, 0);
    assert.equal(slackUsers().filter((u) => u.active).length, 2);
  });
});
