/** Scenario: the first cycle over the whole tenant (every user created in Slack, the assigned groups with them). */
import type { BenchStack } from "../benchStack";
import type { SlackTraffic } from "../slackRequests";
import { slackFloorSeconds, slackTraffic } from "../slackRequests";
import type { PhaseResult } from "./phase";
import { measureCycle } from "./phase";

export interface InitialFigures {
  seconds: number;
  usersPerSecond: number;
  created: number;
  slack: SlackTraffic;
  /** The least time Slack's documented limits allow for the cycle's writes, and the bucket that sets it. */
  floor: ReturnType<typeof slackFloorSeconds>;
  phase: PhaseResult;
}

/** `progress` gets a line every 30 s: how far the cycle has got, for runs too slow to wait out. */
export async function initialCycle(
  bench: BenchStack,
  timeoutMs: number,
  progress?: (line: string) => void,
): Promise<InitialFigures> {
  const size = bench.tenant.userIds.length;
  const onTick = (elapsed: number) => {
    const users = bench.stack.slack.store.listUsers().length;
    const mb = bench.rss?.peakMb();
    progress?.(
      `[${size}] initial +${elapsed.toFixed(0)} s: ${users} users in Slack` +
        (mb === undefined ? "" : `, host peak RSS ${mb.toFixed(0)} MB`),
    );
  };
  const phase = await measureCycle(bench, {
    pollMs: 250,
    timeoutMs,
    ...(progress ? { onTick } : {}),
  });
  const seconds = phase.run.seconds;
  return {
    seconds,
    usersPerSecond: seconds > 0 ? size / seconds : 0,
    created: phase.run.report.counts.byAction.Create ?? 0,
    slack: slackTraffic(phase.slackRequests, seconds),
    floor: slackFloorSeconds(phase.slackRequests),
    phase,
  };
}
