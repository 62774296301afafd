/** Scenario: 1 % of the users change an attribute (every 100th user's jobTitle), then one incremental cycle. */
import type { BenchStack } from "../benchStack";
import type { SlackTraffic } from "../slackRequests";
import { slackTraffic } from "../slackRequests";
import type { PhaseResult } from "./phase";
import { measureCycle } from "./phase";

export interface OnePercentFigures {
  seconds: number;
  changed: number;
  updated: number;
  slack: SlackTraffic;
  phase: PhaseResult;
}

export async function onePercentCycle(bench: BenchStack, timeoutMs: number): Promise<OnePercentFigures> {
  const { userIds } = bench.tenant;
  let changed = 0;
  for (let i = 0; i < userIds.length; i += 100) {
    bench.stack.graph.directory.updateUser(userIds[i] ?? "", { jobTitle: "Senior Tester" });
    changed += 1;
  }
  const phase = await measureCycle(bench, { pollMs: 100, timeoutMs });
  return {
    seconds: phase.run.seconds,
    changed,
    updated: phase.run.report.counts.byAction.Update ?? 0,
    slack: slackTraffic(phase.slackRequests, phase.run.seconds),
    phase,
  };
}
