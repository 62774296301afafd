/**
 * Killing the local host in the middle of a cycle and starting it again converges with no duplicate and no lost change.
 * The kill is placed, not timed: the Slack emulator's after-write seam SIGKILLs the host right after Slack created the
 * 21st user and before its answer is sent, so the host dies between Slack's create and its own link write (the window
 * the match-before-create rule exists for).
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
      seed: (graph) => {
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
    // SIGKILL the host inside the 21st create: Slack has the user, the host never hears of it.
    let creates = 0;
    let victim: string | undefined;
    stack.slack.store.setAfterWrite((w) => {
      if (w.method !== "POST" || w.path !== "/Users" || w.status !== 201 || victim !== undefined) return;
      if (++creates < 21) return;
      victim = (w.body as { userName?: string }).userName;
      const pid = stack.host.pid;
      if (pid !== undefined) process.kill(pid, "SIGKILL");
    });
    const res = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
    const { cycleId } = (await res.json()) as { cycleId: string };
    const members = () => stack.slack.store.listUsers().filter((u) => u.role === "member");
    await waitFor(() => victim, { timeoutMs: 60_000, what: "the kill inside the 21st create" });
    stack.slack.store.setAfterWrite(undefined);
    assert.ok(members().length < USERS, `the kill landed mid-cycle (${members().length} of ${USERS} created)`);
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
    // No userName was ever sent to POST /Users twice (the emulator would refuse a duplicate, so count the attempts).
    const posts = new Map<string, number>();
    for (const r of stack.slack.store.requests()) {
      if (r.method !== "POST" || !r.path.endsWith("/Users")) continue;
      const userName = (r.body as { userName?: string } | undefined)?.userName ?? "?";
      posts.set(userName, (posts.get(userName) ?? 0) + 1);
    }
    assert.deepEqual(
      [...posts].filter(([, n]) => n > 1),
      [],
      "no user was created twice",
    );
    assert.equal(posts.size, USERS + 1);
    // The victim was created by Slack while its creator died: the restarted host found it and adopted it.
    const victimUser = all.find((x) => x.userName === victim);
    assert.ok(victimUser, `the user created in the kill window (${String(victim)}) is in Slack once`);
    const victimId = ids[Number(/^crash\.user(\d+)$/.exec(victim ?? "")?.[1])];
    assert.ok(victimId);
    const history = (await (await fetch(`${stack.apiUrl()}/activity/users/${victimId}`)).json()) as {
      reason: string;
    }[];
    assert.ok(
      history.some((h) => /^Adopted the existing Slack user/.test(h.reason)),
      `the victim was adopted after the restart: ${JSON.stringify(history.map((h) => h.reason))}`,
    );
    assert.equal((await status(stack)).backlog, 0);
    assert.ok(late);
  });
});
