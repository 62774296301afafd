/**
 * `npm run bench`: figures, not pass/fail. For each tenant size it starts the local stack (Azurite, both emulators, the
 * host), seeds the bench tenant (seedTenant.ts) and measures three cycles: the initial one, one with no change, and one
 * after 1 % of the users changed. It prints one Markdown row per size, then where the CPU time went.
 *
 *   npm run bench                                       # 1,000 users, Slack's limits off (a few minutes at most)
 *   npm run bench -- --sizes 1000,10000                 # several sizes; --size 100k works too
 *   npm run bench -- --sizes 300 --slack-limits         # Slack's real limits, ceilings at Slack's: the floor ratio
 *   npm run bench -- --sizes 300 --instances 3 --slack-limits   # three hosts on one Azurite: 429s, aggregate rate
 */
import { cpus } from "node:os";
import type { BenchOptions } from "./args";
import { USAGE, parseBenchArgs } from "./args";
import type { BenchStack, CpuSnapshot } from "./benchStack";
import { startBenchStack } from "./benchStack";
import type { CycleRun } from "./cycle";
import { initialCycle } from "./scenarios/initialCycle";
import { requestKinds, writeTimeline } from "./slackRequests";
import { noChangeCycle } from "./scenarios/noChangeCycle";
import { onePercentCycle } from "./scenarios/onePercentCycle";
import type { BenchRow } from "./table";
import { renderBenchTable } from "./table";

const progress = (line: string) => process.stderr.write(`${line}\n`);

function cpuLine(what: string, run: CycleRun, cpu: CpuSnapshot): string {
  const { seconds } = run;
  const share = (s: number) => `${s.toFixed(1)} s (${((100 * s) / Math.max(seconds, 1e-9)).toFixed(0)} % of a core)`;
  const host = run.hostSeconds === undefined ? "" : ` (host's own figure ${run.hostSeconds.toFixed(1)} s)`;
  const others = Math.max(0, cpu.machine - cpu.hosts - cpu.azurite - cpu.emulators);
  return (
    `${what} ${seconds.toFixed(1)} s${host}: hosts ${share(cpu.hosts)}, Azurite ${share(cpu.azurite)}, ` +
    `emulators+bench ${share(cpu.emulators)}, other processes ${share(others)}`
  );
}

async function benchSize(size: number, options: BenchOptions, notes: string[]): Promise<BenchRow> {
  const recent: string[] = [];
  const t0 = Date.now();
  const bench: BenchStack = await startBenchStack({
    size,
    slackLimits: options.slackLimits,
    instances: options.instances,
    onHostLine: (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
    },
  });
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`[${size}] ${signal}: stopping the stack`);
    void bench.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  progress(`[${size}] stack up and tenant seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const minutes = (n: number) => n * 60_000;
    // With Slack's limits the creates alone need size / 180 minutes; leave room for three times that.
    const initialTimeout = options.slackLimits ? minutes(10 + size / 60) : minutes(10) + size * 100;
    const initial = await initialCycle(bench, initialTimeout, progress);
    progress(
      `[${size}] initial: ${initial.seconds.toFixed(1)} s, ${initial.created} created, ${initial.slack.writes} Slack writes, ${initial.slack.reads} reads, ${initial.phase.graphRequestCount} Graph requests`,
    );
    const noChange = await noChangeCycle(bench, minutes(5) + size * 10);
    progress(`[${size}] no change: ${noChange.seconds.toFixed(2)} s, ${noChange.graphCalls} Graph calls`);
    const onePercent = await onePercentCycle(bench, minutes(5) + size * 10);
    progress(`[${size}] 1 % change: ${onePercent.seconds.toFixed(2)} s, ${onePercent.updated} updated`);
    const peakRssMb = bench.rss?.stop();
    notes.push(
      `${size.toLocaleString("en-US")} users:`,
      `  ${cpuLine("initial", initial.phase.run, initial.phase.cpu)}`,
      `  ${cpuLine("no change", noChange.phase.run, noChange.phase.cpu)}`,
      `  ${cpuLine("1 % change", onePercent.phase.run, onePercent.phase.cpu)}`,
      `  initial: ${initial.slack.writes} Slack writes, ${initial.slack.reads} reads; floor set by ${initial.floor.bucket ?? "no bucket (all within bursts)"}; ` +
        `1 % change: ${onePercent.updated} users updated, ${onePercent.slack.writes} Slack writes`,
      `  Slack calls, initial: ${requestKinds(initial.phase.slackRequests)}`,
      `  Slack calls, no change: ${requestKinds(noChange.phase.slackRequests) || "none"}`,
      `  Slack calls, 1 % change: ${requestKinds(onePercent.phase.slackRequests) || "none"}`,
    );
    if (options.slackLimits) {
      notes.push(
        `  initial writes over time (floor ${initial.floor.seconds.toFixed(1)} s):`,
        ...writeTimeline(initial.phase.slackRequests, initial.phase.startedMs).map((l) => `    ${l}`),
      );
    }
    return {
      users: size,
      initialSeconds: initial.seconds,
      usersPerSecond: initial.usersPerSecond,
      peakRssMb,
      noChangeGraphCalls: noChange.graphCalls,
      noChangeGraphBudget: noChange.graphBudget,
      noChangeSlackCalls: noChange.slack.reads + noChange.slack.writes,
      noChangeSlackWrites: noChange.slack.writes,
      noChangeSeconds: noChange.seconds,
      onePercentSeconds: onePercent.seconds,
      onePercentChanged: onePercent.changed,
      tooManyRequests:
        initial.slack.tooManyRequests + noChange.slack.tooManyRequests + onePercent.slack.tooManyRequests,
      initialWritesPerMinute: initial.slack.writesPerMinute,
      peakWritesPer60s: initial.slack.peakWritesPer60s,
      floorSeconds: initial.floor.seconds,
      floorRatio:
        options.slackLimits && initial.floor.seconds > 0 ? initial.seconds / initial.floor.seconds : undefined,
    };
  } catch (e) {
    progress(`[${size}] failed; the hosts' last lines:\n${recent.join("\n")}`);
    throw e;
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    await bench.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(USAGE);
    return;
  }
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const limits = options.slackLimits
    ? "Slack's limits on (the emulator's real buckets; ceilings 600 writes, 1,000 reads a minute)"
    : "Slack's limits off (emulator unlimited; ceilings 100,000 a minute)";
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs; ${limits}; ` +
      `${options.instances} host instance${options.instances === 1 ? "" : "s"}; tenant: 10 % assigned directly, ` +
      `90 % through 20 groups (10 assigned, 10 nested), managers`,
  );
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  for (const size of options.sizes) rows.push(await benchSize(size, options, notes));
  console.log("");
  console.log(renderBenchTable(rows));
  console.log("");
  console.log("Where the CPU time went (wall seconds of each cycle; CPU seconds of each process over it):");
  for (const n of notes) console.log(n);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
