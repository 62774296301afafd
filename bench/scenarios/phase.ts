/** One measured cycle: the logs of both emulators cleared before it, its requests and CPU time collected after it. */
import type { RequestLogEntry as GraphRequest } from "../../dev/graph-emulator/emulatorTypes";
import type { RequestLogEntry as SlackRequest } from "../../dev/slack-emulator/RequestLog";
import type { BenchStack, CpuSnapshot } from "../benchStack";
import { cpuDelta } from "../benchStack";
import type { CycleRun } from "../cycle";
import { runCycle } from "../cycle";

export interface PhaseResult {
  run: CycleRun;
  slackRequests: SlackRequest[];
  graphRequests: GraphRequest[];
  /** Graph requests answered, counted even past the emulator's bounded log. */
  graphRequestCount: number;
  cpu: CpuSnapshot;
  /** When the phase started (ms since the epoch): request times are measured from it. */
  startedMs: number;
}

export async function measureCycle(
  bench: BenchStack,
  options: { pollMs: number; timeoutMs: number; onTick?: (elapsedSeconds: number) => void },
): Promise<PhaseResult> {
  const { stack } = bench;
  stack.slack.store.clearRequests();
  stack.graph.directory.clearRequestLog();
  const before = bench.cpu();
  const started = Date.now();
  const { onTick } = options;
  const ticker = onTick ? setInterval(() => onTick((Date.now() - started) / 1000), 30_000) : undefined;
  let run: CycleRun;
  try {
    run = await runCycle(stack, bench.probe, options);
  } finally {
    clearInterval(ticker);
  }
  const cpu = cpuDelta(before, bench.cpu());
  return {
    run,
    slackRequests: stack.slack.store.requests(),
    graphRequests: stack.graph.directory.requestLog(),
    graphRequestCount: stack.graph.directory.stats().requests,
    cpu,
    startedMs: started,
  };
}
