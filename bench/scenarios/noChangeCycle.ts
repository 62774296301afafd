/** Scenario: an incremental cycle right after convergence, with nothing changed in Entra. */
import type { BenchStack } from "../benchStack";
import { graphApiCalls, noChangeGraphBudget } from "../graphRequests";
import type { SlackTraffic } from "../slackRequests";
import { slackTraffic } from "../slackRequests";
import type { PhaseResult } from "./phase";
import { measureCycle } from "./phase";

export interface NoChangeFigures {
  seconds: number;
  graphCalls: number;
  /** 3 + ⌈direct assignments / 999⌉: the most Graph calls such a cycle should need. */
  graphBudget: number;
  slack: SlackTraffic;
  phase: PhaseResult;
}

export async function noChangeCycle(bench: BenchStack, timeoutMs: number): Promise<NoChangeFigures> {
  const phase = await measureCycle(bench, { pollMs: 100, timeoutMs });
  return {
    seconds: phase.run.seconds,
    graphCalls: graphApiCalls(phase.graphRequests),
    graphBudget: noChangeGraphBudget(bench.tenant.directAssignments),
    slack: slackTraffic(phase.slackRequests, phase.run.seconds),
    phase,
  };
}
