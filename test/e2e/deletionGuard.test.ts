/**
 * The deletion guard on the demo tenant with the default guard settings, end to end through the local stack: an admin's
 * slip removes all but one of the application's assignments at once. Nobody is deactivated and no Slack group is
 * deleted; every removal is held, listed by the API and the CLI. Rejecting keeps everyone (and the next cycle holds
 * them again); approving applies them.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import type { CycleReport } from "../../shared/engine/CycleStatus";
import type { HeldRemoval } from "../../shared/state/HeldRemoval";
import { startDemoStack } from "../support/demoStack";
import { runCycle, status } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const FAST = { SLACK_MAX_WRITES_PER_MINUTE: "6000", SLACK_MAX_READS_PER_MINUTE: "6000" };
const heldCli = join(__dirname, "..", "..", "dev", "cli", "held.js");

void describe("deletion guard: a mass removal on the demo tenant, end to end", () => {
  let stack: LocalStack;
  let dir = "";
  const activeUsers = () => stack.slack.store.listUsers().filter((u) => u.active).length;
  const groupCount = () => stack.slack.store.listGroups().length;
  const post = async (path: string) => {
    const res = await fetch(`${stack.apiUrl()}/${path}`, { method: "POST" });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { users: number; groups: number; remaining: { users: number; groups: number } };
  };
  let before259 = 0;
  let heldUsers = 0;

  before(async () => {
    ({ stack } = await startDemoStack(FAST));
    dir = mkdtempSync(join(tmpdir(), "held-cli-"));
    writeFileSync(join(dir, "settings.json"), JSON.stringify({ Values: stack.settings }));
  });
  after(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  void it("provisions the demo tenant", async () => {
    const r = await runCycle(stack, { timeoutMs: 120_000 });
    assert.equal(r.converged, true);
    before259 = activeUsers();
    assert.equal(before259, 259);
    assert.equal(groupCount(), 3);
  });

  void it("removing all but one assignment holds every removal: nobody deactivated, no group deleted", async () => {
    const assignments = stack.graph.directory.listAssignments();
    assert.equal(assignments.length, 263);
    for (const a of assignments.slice(1)) stack.graph.directory.unassign(a.principalId);

    const r: CycleReport = await runCycle(stack, { timeoutMs: 120_000 });

    assert.equal(r.converged, true, "creates and updates go on; the held set does not stall the job");
    assert.equal(activeUsers(), 259, "nobody was deactivated");
    assert.equal(groupCount(), 3, "no Slack group was deleted");
    const held = r.removals.held;
    assert.ok(held, "the status shows the held set");
    heldUsers = held.users;
    assert.ok(heldUsers > 250, `most users are held (${heldUsers})`);
    assert.equal(held.groups, 3);
    assert.equal(held.entries.length, 20);
    assert.match(held.reason, /more than the deletion guard allows in one cycle \(20/);
    const list = (await (await fetch(`${stack.apiUrl()}/held`)).json()) as { entries: HeldRemoval[] };
    assert.equal(list.entries.length, heldUsers + 3, "GET /api/held lists every held removal");
  });

  void it("nothing held is lost when the host is killed and started again", async () => {
    await stack.restartHost({ kill: true });
    const after = await status(stack);
    assert.equal(after.removals.held?.users, heldUsers);
    assert.equal(after.removals.held?.groups, 3);
    assert.equal(activeUsers(), 259);
  });

  void it("the CLI lists the held set", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      heldCli,
      "list",
      "--json",
      "--settings",
      join(dir, "settings.json"),
    ]);
    const out = JSON.parse(stdout) as { held: { users: number; groups: number }; entries: HeldRemoval[] };
    assert.deepEqual(out.held && { users: out.held.users, groups: out.held.groups }, { users: heldUsers, groups: 3 });
  });

  void it("reject keeps everyone; the next cycle evaluates them again and holds them again", async () => {
    const decision = await post("held/reject");
    assert.deepEqual(decision, {
      jobId: "slack",
      action: "reject",
      users: heldUsers,
      groups: 3,
      remaining: { users: 0, groups: 0 },
    });
    assert.equal((await status(stack)).removals.held, undefined);

    const r = await runCycle(stack, { timeoutMs: 120_000 }).catch(async (e: unknown) => {
      // For a diagnosis of a slow run: what the status said when the wait gave up.
      console.error("status at the timeout:", JSON.stringify({ ...(await status(stack)), rejected: undefined }));
      throw e;
    });

    assert.equal(activeUsers(), 259);
    assert.equal(groupCount(), 3);
    assert.equal(r.removals.held?.users, heldUsers);
    assert.equal(r.removals.held?.groups, 3);
  });

  void it("approve applies them: the users are deactivated and the groups deleted", async () => {
    const decision = await post("held/approve");
    assert.equal(decision.users, heldUsers);
    assert.equal(decision.groups, 3);

    await waitFor(async () => (await status(stack)).converged && activeUsers() === 259 - heldUsers, {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: "the approved removals to be applied",
    });
    assert.equal(groupCount(), 0);
    assert.equal((await status(stack)).removals.held, undefined);
  });
});
