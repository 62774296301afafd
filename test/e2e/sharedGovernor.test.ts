/**
 * Three local hosts share one Azurite and provision one tenant into the Slack emulator with Slack's real limits: the
 * rate governor they share in Table Storage keeps them together under the admin's ceiling and Slack's per-endpoint
 * limits, so Slack never answers 429.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { HostProcess } from "../../dev/stack/HostProcess";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { runCycle } from "../support/stackCycles";

const USERS = 80;
/** Below Slack's org-wide 600 so that the ceiling, not only Slack's limits, is what the writes must fit. */
const CEILING = 300;

/** Whether arrival times fit a token bucket of `burst` refilled at `perMinute` (never below zero tokens). */
function fits(times: number[], perMinute: number, burst: number): { ok: boolean; worst: number } {
  const interval = 60_000 / perMinute;
  const sorted = [...times].sort((a, b) => a - b);
  let tokens = burst;
  let worst = burst;
  let last = sorted[0] ?? 0;
  for (const at of sorted) {
    tokens = Math.min(burst, tokens + (at - last) / interval);
    last = at;
    tokens -= 1;
    worst = Math.min(worst, tokens);
  }
  return { ok: worst > -1e-6, worst };
}

void describe("one Slack rate governor shared by three instances", () => {
  let stack: LocalStack;
  const extra: HostProcess[] = [];
  const executed = [0, 0, 0];
  const countExecuted = (i: number) => (line: string) => {
    if (/Executed 'Functions\.[^']*provision[^']*' \(Succeeded/i.test(line)) executed[i] = (executed[i] ?? 0) + 1;
  };

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "slack",
      enableTimers: false,
      settings: {
        SLACK_MAX_WRITES_PER_MINUTE: String(CEILING),
        SLACK_MAX_READS_PER_MINUTE: "1000",
        GROUP_PROVISIONING: "false",
        LOCAL_HOST_LOG_LEVEL: "debug",
      },
      onHostLine: countExecuted(0),
      seed: (graph) => {
        for (let i = 0; i < USERS; i++) {
          const u = graph.directory.createUser({
            userPrincipalName: `paced.user${i}@contoso.example`,
            mail: `paced.user${i}@contoso.example`,
            displayName: `Paced User ${i}`,
            givenName: "Paced",
            surname: `User ${i}`,
            accountEnabled: true,
          });
          graph.directory.assign({ principalId: u.id });
        }
      },
    });
    for (const i of [1, 2]) {
      const host = new HostProcess({ env: stack.settings, onLine: countExecuted(i) });
      await host.start();
      extra.push(host);
    }
  });

  after(async () => {
    await Promise.allSettled(extra.map((h) => h.stop()));
    await stack?.stop();
  });

  void it("provisions the tenant with no 429, within the ceiling and Slack's per-endpoint limits", async () => {
    stack.slack.store.clearRequests();
    await runCycle(stack, { timeoutMs: 180_000 });
    assert.equal(stack.slack.store.listUsers().filter((u) => u.role === "member").length, USERS);
    assert.ok(
      executed.every((n) => n > 0),
      `all three hosts provisioned users (${executed.join(", ")} invocations)`,
    );
    const requests = stack.slack.store.requests();
    assert.deepEqual(
      requests.filter((r) => r.status === 429).map((r) => `${r.method} ${r.path}`),
      [],
      "Slack never had to say 429",
    );
    const at = (r: { time: string }) => Date.parse(r.time);
    const writes = requests.filter((r) => r.method !== "GET").map(at);
    const creates = requests.filter((r) => r.method === "POST" && /\/Users$/.test(r.path)).map(at);
    assert.equal(creates.length, USERS);
    // The ceiling with the burst Slack allows in proportion (180 of 600), and Slack's 180/min, burst 20, for creates.
    const ceiling = fits(writes, CEILING, (180 * CEILING) / 600);
    assert.ok(ceiling.ok, `the writes of all three hosts fit the ceiling (lowest bucket level ${ceiling.worst})`);
    const endpoint = fits(creates, 180, 20);
    assert.ok(endpoint.ok, `the creates fit POST /Users's limit (lowest bucket level ${endpoint.worst})`);
  });
});
