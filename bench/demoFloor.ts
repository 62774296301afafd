/**
 * `npm run bench:demo`: the demo tenant's initial sync at Slack's real limits, against the floor those limits put under
 * its writes. Starts the local stack (Slack emulator limiting as Slack does, our ceilings at Slack's org-wide limits),
 * loads the demo directory (`npm start`'s), runs one cycle and prints its time, its writes per kind over time, the
 * floor (the slowest write bucket: a burst at once, the rest at the sustained rate) and the ratio. Figures, not a test.
 *
 *   npm run bench:demo
 */
import { startLocalStack } from "../dev/stack/startLocalStack";
import type { DemoLoaded } from "../dev/stack/loadDemoDirectory";
import { loadDemoDirectory } from "../dev/stack/loadDemoDirectory";
import { benchSettings } from "./benchStack";
import { cycleProbe, runCycle } from "./cycle";
import { requestKinds, slackFloorSeconds, slackTraffic, writeTimeline } from "./slackRequests";

async function main(): Promise<void> {
  let demo: DemoLoaded | undefined;
  const stack = await startLocalStack({
    slackRateLimits: "slack",
    enableTimers: false,
    settings: benchSettings(true),
    seed: async (graph, slack) => {
      demo = await loadDemoDirectory(graph, slack);
    },
  });
  try {
    if (!demo) throw new Error("the demo directory was not loaded");
    console.log(
      `node ${process.version}; demo tenant: ${demo.users} users (${demo.assigned} assigned directly, ${demo.groups} ` +
        `assigned groups), ${demo.slackUsers} already in Slack; Slack's limits on, ceilings 600 writes and 1,000 reads a minute`,
    );
    stack.slack.store.clearRequests();
    const started = Date.now();
    const run = await runCycle(stack, cycleProbe(stack.settings), { pollMs: 100, timeoutMs: 900_000 });
    const requests = stack.slack.store.requests();
    const floor = slackFloorSeconds(requests);
    const traffic = slackTraffic(requests, run.seconds);
    console.log(
      `initial sync: ${run.seconds.toFixed(1)} s; ${traffic.writes} Slack writes, ${traffic.reads} reads, ` +
        `${traffic.tooManyRequests} 429s; failures ${run.report.counts.byStatus.Failure ?? 0}`,
    );
    console.log(`Slack calls: ${requestKinds(requests)}`);
    console.log(`floor: ${floor.seconds.toFixed(1)} s (set by ${floor.bucket ?? "no bucket: all within bursts"})`);
    if (floor.seconds > 0) console.log(`measured/floor: ${(run.seconds / floor.seconds).toFixed(2)}`);
    console.log("writes over time (seconds from the cycle's start):");
    for (const line of writeTimeline(requests, started, 10)) console.log(`  ${line}`);
  } finally {
    await stack.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
