/**
 * Killing the local host in the middle of a cycle and starting it again converges with no duplicate and no lost change.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { runCycle, status, waitForConvergence } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const USERS = 120;

void describe("crash in the middle of a cycle", () => {
  let stack: LocalStack;
  const ids: string[] = [];
  let late = "";

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      deltaPageSize: 25,
      settings: {
        SLACK_MAX_WRITES_PER_MINUTE: "6000",
        SLACK_MAX_READS_PER_MINUTE: "6000",
        // Redeliver what the killed host was processing after 3 s, and free its user leases after 2 s.
        LOCAL_HOST_RECEIVE_VISIBILITY_SECONDS: "3",
        USER_LEASE_SECONDS: "2",
      },
      seed: (graph, slack) => {
        slack.store.setWriteLatency(40); // slow Slack writes so the kill lands mid-cycle
        for (let i = 0; i < USERS; i++) {
          const u = graph.directory.createUser({
            userPrincipalName: `crash.user${i}@contoso.example`,
            mail: `crash.user${i}@contoso.example`,
            displayName: `Crash User ${i}`,
            givenName: "Crash",
            surname: `User ${i}`,
            jobTitle: "Analyst",
            accountEnabled: true,
          });
          graph.directory.assign({ principalId: u.id });
          ids.push(u.id);
        }
      },
    });
  });
  after(async () => {
    await stack?.stop();
  });

  void it("converges after a SIGKILL mid-cycle, without duplicates, applying changes made while it was down", async () => {
    const res = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
    const { cycleId } = (await res.json()) as { cycleId: string };
    const members = () => stack.slack.store.listUsers().filter((u) => u.role === "member");
    await waitFor(() => members().length >= 20, { timeoutMs: 60_000, what: "the first users to be created" });
    const before = members().length;
    assert.ok(before < USERS, `the kill must land mid-cycle (already ${before} of ${USERS})`);
    await stack.restartHost({ kill: true });

    // Changes made while the host was down: one attribute change and one new assignment.
    stack.graph.directory.updateUser(ids[0] as string, { jobTitle: "Chief Analyst" });
    const u = stack.graph.directory.createUser({
      userPrincipalName: "late.joiner@contoso.example",
      mail: "late.joiner@contoso.example",
      displayName: "Late Joiner",
      accountEnabled: true,
    });
    stack.graph.directory.assign({ principalId: u.id });
    late = u.id;

    const first = await waitForConvergence(stack, cycleId, 120_000);
    assert.equal(first.counts.byStatus.Failure ?? 0, 0, JSON.stringify(first.rejected));
    const next = await runCycle(stack, { timeoutMs: 60_000 });
    assert.equal(next.counts.byStatus.Failure ?? 0, 0, JSON.stringify(next.rejected));

    const all = members();
    assert.equal(all.length, USERS + 1, "every assigned user exactly once, plus the late joiner");
    assert.equal(new Set(all.map((x) => x.userName)).size, all.length);
    assert.ok(all.every((x) => x.active));
    assert.equal(all.find((x) => x.userName === "crash.user0")?.title, "Chief Analyst");
    assert.ok(all.some((x) => x.userName === "late.joiner"));
    const creates = stack.slack.store
      .requests()
      .filter((r) => r.method === "POST" && r.path.endsWith("/Users") && r.status === 201).length;
    assert.equal(creates, USERS + 1, "no user was created twice");
    assert.equal((await status(stack)).backlog, 0);
    assert.ok(late);
  });
});
