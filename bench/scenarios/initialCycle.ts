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

export async function initialCycle(bench: BenchStack, timeoutMs: number): Promise<InitialFigures> {
  const size = bench.tenant.userIds.length;
  // /api/status reads the cycle's activity records: poll a large tenant less often (1 s at 10,000 users).
  const phase = await measureCycle(bench, { pollMs: Math.max(250, Math.min(2000, size / 10)), timeoutMs });
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
