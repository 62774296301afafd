/**
 * Benchmarks that print figures (not pass/fail): the time the whole local stack takes to converge an initial cycle and
 * an incremental one, for tenants of several sizes.
 *
 *   npm run bench                      # 300 and 1000 users, Slack's rate limits off in the emulator
 *   npm run bench -- --sizes 300 --slack-limits   # with Slack's real limits and our default pacing (slow, by design)
 */
import { performance } from "node:perf_hooks";
import type { CycleReport } from "../shared/engine/CycleStatus";
import type { LocalStack } from "../dev/stack/startLocalStack";
import { startLocalStack } from "../dev/stack/startLocalStack";

function args(): { sizes: number[]; slackLimits: boolean } {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--sizes");
  const sizes =
    i >= 0
      ? (argv[i + 1] ?? "")
          .split(",")
          .map(Number)
          .filter((n) => n > 0)
      : [300, 1000];
  return { sizes, slackLimits: argv.includes("--slack-limits") };
}

async function converge(stack: LocalStack, full: boolean): Promise<{ seconds: number; report: CycleReport }> {
  const t0 = performance.now();
  const res = await fetch(`${stack.apiUrl()}/cycles${full ? "?full=true" : ""}`, { method: "POST" });
  const { cycleId } = (await res.json()) as { cycleId: string };
  for (;;) {
    const report = (await (await fetch(`${stack.apiUrl()}/status`)).json()) as CycleReport;
    if (report.cycleId === cycleId && report.converged) return { seconds: (performance.now() - t0) / 1000, report };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function bench(size: number, slackLimits: boolean): Promise<void> {
  const ids: string[] = [];
  const stack = await startLocalStack({
    slackRateLimits: slackLimits ? "slack" : "off",
    enableTimers: false,
    deltaPageSize: 200,
    settings: slackLimits ? {} : { SLACK_MAX_WRITES_PER_MINUTE: "100000", SLACK_MAX_READS_PER_MINUTE: "100000" },
    seed: (graph) => {
      for (let i = 0; i < size; i++) {
        const u = graph.directory.createUser({
          userPrincipalName: `bench${i}@contoso.example`,
          mail: `bench${i}@contoso.example`,
          displayName: `Bench User ${i}`,
          givenName: "Bench",
          surname: `User ${i}`,
          jobTitle: "Tester",
          department: `Dept ${i % 17}`,
          accountEnabled: true,
        });
        graph.directory.assign({ principalId: u.id });
        ids.push(u.id);
      }
    },
  });
  try {
    const initial = await converge(stack, false);
    const changed = Math.max(1, Math.floor(size / 10));
    for (let i = 0; i < changed; i++) stack.graph.directory.updateUser(ids[i] as string, { jobTitle: "Senior Tester" });
    const incremental = await converge(stack, false);
    const requests = stack.slack.store.requests();
    console.log(
      [
        `users=${size}`,
        `slackLimits=${slackLimits ? "on" : "off"}`,
        `initial=${initial.seconds.toFixed(2)}s (${(size / initial.seconds).toFixed(1)} users/s, creates=${initial.report.counts.byAction.Create ?? 0})`,
        `incremental(${changed} changed)=${incremental.seconds.toFixed(2)}s (updates=${incremental.report.counts.byAction.Update ?? 0})`,
        `slackRequests=${requests.length} (429s=${requests.filter((r) => r.status === 429).length})`,
      ].join("  "),
    );
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const { sizes, slackLimits } = args();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const size of sizes) await bench(size, slackLimits);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
