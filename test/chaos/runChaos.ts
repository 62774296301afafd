import type {
  RandomFaultCounts as GraphFaultCounts,
  RandomFaultSettings as GraphFaultSettings,
} from "../../dev/graph-emulator/RandomFaults";
import { SeededRandom } from "../../dev/seed/SeededRandom";
import type {
  RandomFaultCounts as SlackFaultCounts,
  RandomFaultSettings as SlackFaultSettings,
} from "../../dev/slack-emulator/RandomFaults";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { waitFor } from "../support/waitFor";
import type { ChangeRound } from "./changeRounds";
import { applyChangeRound, applyMassRemoval } from "./changeRounds";
import { failureRecords, heldSet, startCycle, waitForCycle, waitForQuietEmulators } from "./chaosCycles";
import type { ChaosTenant } from "./chaosTenant";
import { buildChaosTenant } from "./chaosTenant";
import type { Mismatch } from "./compareSlack";
import { compareSlack } from "./compareSlack";
import type { ExpectationHistory, ExpectedSlack, GuardLimits } from "./expectedSlack";
import { expectedSlack } from "./expectedSlack";

export interface ChaosOptions {
  /** Entra users in the tenant (before the round of changes adds a few). */
  users: number;
  /** SIGKILLs of the host while it provisions the tenant, at random moments. */
  kills: number;
  /** Seeds the tenant, the kill moments, the changes and both emulators' faults: the same seed replays the run. */
  seed: number;
  /** Random faults of the Slack emulator (its seed is derived from `seed`). */
  slackFaults: Omit<SlackFaultSettings, "seed">;
  /** Random faults of the Graph emulator's API (its seed is derived from `seed`). */
  graphFaults: Omit<GraphFaultSettings, "seed">;
  /** The deletion guard's settings (default: the app's defaults, 20, 10 % and 2); the oracle applies the same. */
  guard?: GuardLimits;
  /** Deactivations in the round of changes (default 10; kept within the deletion guard's limits). */
  deactivations?: number;
  /** Each phase must converge within this (default 10 minutes). */
  phaseTimeoutMs?: number;
  /** Users per users/delta page (default 100). */
  deltaPageSize?: number;
  /** Progress lines; none by default. */
  log?: (line: string) => void;
  /** Called before the stack stops (also after a failure), to look into it: request logs, activity, tables. */
  inspect?: (stack: LocalStack) => void | Promise<void>;
}

/** One SIGKILL: when (seconds into the provisioning) and how far the provisioning was. */
export interface KillRecord {
  atSeconds: number;
  created: number;
  expectedCreates: number;
}

/** One phase: how long it took to converge after its changes (or its start), and in how many cycles. */
export interface PhaseFigures {
  name: "provision" | "changes" | "massRemoval";
  secondsToConverge: number;
  cycles: number;
  /** Cycles that failed (a poisoned delta page) and were started again. */
  failedCycles: number;
  /** Objects escrowed when the phase's cycle converged (a further full cycle retried them). */
  escrowedAtConvergence: number;
  /** Users active in Slack that the phase expects. */
  expectedActive: number;
  /** The job's quarantine when the phase converged (reason and error code), if any: sane fault rates cause none. */
  quarantine?: string;
}

export interface ChaosReport {
  seed: number;
  users: number;
  tenant: Record<
    "out" | "disabledAtStart" | "directOnly" | "orgOnly" | "multiPath" | "massOnly" | "directAndOrg" | "directAndMass",
    number
  >;
  kills: KillRecord[];
  faults: { slack: SlackFaultCounts; graph: GraphFaultCounts };
  phases: PhaseFigures[];
  /** How many users each kind of change of the round touched. */
  changes: Record<Exclude<keyof ChangeRound, "renamedGroup">, number>;
  /** Users and groups the deletion guard holds at the end. */
  held: { users: number; groups: number };
  /** Escrow records over the whole run, and the distinct objects they concern. */
  escrows: { records: number; objects: number };
  slackRequests: number;
  graphRequests: number;
  /** POST /Users answered 201. */
  slackCreates: number;
  durationSeconds: number;
  mismatches: Mismatch[];
}

/** The deletion guard's defaults. */
const DEFAULT_GUARD: GuardLimits = {
  deactivationThreshold: 20,
  deactivationThresholdPercent: 10,
  groupDeleteThreshold: 2,
};
/** Further cycles a phase may take: after a failed cycle, or to retry what one escrowed. */
const MAX_EXTRA_CYCLES = 3;

/**
 * The chaos run. Builds the tenant (direct assignments and nested groups), starts the local stack with both emulators
 * injecting random faults, provisions the tenant while SIGKILLing the host `kills` times at random points of progress,
 * then makes a round of ordinary changes (one cycle) and a mass removal (another cycle). After each phase converges,
 * Slack is compared with the expected state computed from the Graph emulator's directory, and the held set with the
 * mass removal. Returns the figures and every mismatch; throws only when the run itself cannot go on (a deadline).
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const rng = new SeededRandom(options.seed);
  const phaseTimeoutMs = options.phaseTimeoutMs ?? 10 * 60_000;
  const hangMs = Math.max(
    options.slackFaults.rates.timeout ? (options.slackFaults.hangMs ?? 31_000) : 0,
    options.graphFaults.rates.timeout ? (options.graphFaults.hangMs ?? 31_000) : 0,
  );
  // Recovery from a kill is compressed (in Azure a crashed host's messages come back after minutes, and leases last
  // USER_LEASE_SECONDS, 300), but it keeps Azure's order: a killed host's messages and leases come back only after
  // every request it sent has been answered or dropped. Otherwise a new run could look for a Slack group that a held
  // POST of the dead host has not created yet and create it a second time, a race no production timing allows.
  const leaseSeconds = Math.max(2, Math.ceil(hangMs / 1000) + 4);
  const started = new Date();
  const hostLines: string[] = [];
  const guard = options.guard ?? DEFAULT_GUARD;
  let tenant: ChaosTenant | undefined;
  const stack = await startLocalStack({
    slackRateLimits: "off",
    enableTimers: false,
    deltaPageSize: options.deltaPageSize ?? 100,
    settings: {
      SLACK_MAX_WRITES_PER_MINUTE: "6000",
      SLACK_MAX_READS_PER_MINUTE: "6000",
      LOCAL_HOST_RECEIVE_VISIBILITY_SECONDS: String(leaseSeconds + 1),
      USER_LEASE_SECONDS: String(leaseSeconds),
      LOCAL_HOST_LOG_LEVEL: "warning",
      DEACTIVATION_THRESHOLD: String(guard.deactivationThreshold),
      DEACTIVATION_THRESHOLD_PERCENT: String(guard.deactivationThresholdPercent),
      GROUP_DELETE_THRESHOLD: String(guard.groupDeleteThreshold),
    },
    onHostLine: (line) => {
      hostLines.push(line);
      if (hostLines.length > 400) hostLines.splice(0, hostLines.length - 400);
    },
    seed: (graph, slack) => {
      tenant = buildChaosTenant(graph, slack, { users: options.users, seed: options.seed });
      slack.store.setRandomFaults({ ...options.slackFaults, seed: (options.seed ^ 0x51ac) >>> 0 });
      graph.directory.setRandomFaults({ ...options.graphFaults, seed: (options.seed ^ 0x6a9f) >>> 0 });
    },
  });
  try {
    if (!tenant) throw new Error("the tenant was not built");
    const t = tenant;
    const mismatches: Mismatch[] = [];
    const phases: PhaseFigures[] = [];
    const preexisting = [...t.preexistingActive, ...t.preexistingInactive];
    let history: ExpectationHistory = {
      previouslyActive: new Set(),
      everInSlack: new Set(preexisting),
      previousGroups: new Set(),
    };
    const phaseCtx = { stack, log, phaseTimeoutMs, hangMs };

    // Phase 1: provision everything while the host is killed at random points of progress.
    const expected1 = expectedSlack(stack.graph.directory, history, guard);
    const expectedCreates = expected1.active.size - preexisting.length;
    const baseline = stack.slack.store.directory.allUsers().length;
    const created = () => stack.slack.store.directory.allUsers().length - baseline;
    const thresholds = Array.from({ length: options.kills }, () => 0.05 + rng.next() * 0.85).sort((a, b) => a - b);
    const kills: KillRecord[] = [];
    log(
      `seed ${options.seed}: ${options.users} users, ${expected1.active.size} to be active in Slack, ` +
        `${expectedCreates} to create; kills at ${thresholds.map((x) => `${Math.round(x * 100)} %`).join(", ") || "-"}`,
    );
    phases.push(
      await runPhase(phaseCtx, "provision", expected1, async (phaseStart) => {
        for (const threshold of thresholds) {
          const since = Date.now();
          const gapMs = rng.int(300, 2000);
          const target = Math.ceil(threshold * expectedCreates);
          await waitFor(() => created() >= target && Date.now() - since >= gapMs, {
            timeoutMs: phaseTimeoutMs,
            intervalMs: 20,
            what: `${target} users created before kill ${kills.length + 1}`,
          });
          const kill = { atSeconds: (Date.now() - phaseStart) / 1000, created: created(), expectedCreates };
          await stack.restartHost({ kill: true });
          kills.push(kill);
          log(
            `  SIGKILL ${kills.length} at ${kill.atSeconds.toFixed(1)} s (${kill.created}/${expectedCreates} created)`,
          );
        }
      }),
    );
    mismatches.push(...(await check(stack, t, "provision", expected1)));
    history = next(history, expected1);

    // Phase 2: ordinary changes, within the deletion guard's limits, in one cycle.
    const round = applyChangeRound(stack.graph, t, { seed: options.seed, deactivations: options.deactivations ?? 10 });
    const expected2 = expectedSlack(stack.graph.directory, history, guard);
    if (expected2.heldUsers.size > 0) throw new Error("the round of changes would be held: fewer deactivations needed");
    log(
      `changes: ${round.updated.length} updated, ${round.deactivations} to deactivate, ${round.added.length} added, ` +
        `${round.stillInScope.length} losing one path only, a group renamed`,
    );
    phases.push(await runPhase(phaseCtx, "changes", expected2));
    mismatches.push(...(await check(stack, t, "changes", expected2)));
    history = next(history, expected2);

    // Phase 3: the mass removal, which the deletion guard must hold entirely.
    applyMassRemoval(stack.graph, t);
    const expected3 = expectedSlack(stack.graph.directory, history, guard);
    log(`mass removal: ${expected3.heldUsers.size} users and ${expected3.heldGroups.size} groups to be held`);
    phases.push(await runPhase(phaseCtx, "massRemoval", expected3));
    const held = await heldSet(stack);
    mismatches.push(...(await check(stack, t, "massRemoval", expected3)));

    const failures = await failureRecords(stack, started);
    for (const r of failures.failed) {
      mismatches.push({
        kind: "failure",
        phase: "run",
        subject: r.identity ?? r.objectId,
        detail: `${r.objectType} ${r.action} recorded as a Failure: ${r.errorCode ?? "?"}: ${r.reason}`,
      });
    }
    const slackRequests = stack.slack.store.requests();
    return {
      seed: options.seed,
      users: options.users,
      tenant: {
        out: t.out.length,
        disabledAtStart: t.disabledAtStart.length,
        directOnly: t.directOnly.length,
        orgOnly: t.orgOnly.length,
        multiPath: t.multiPath.length,
        massOnly: t.massOnly.length,
        directAndOrg: t.directAndOrg.length,
        directAndMass: t.directAndMass.length,
      },
      kills,
      faults: {
        slack: stripHanging(stack.slack.store.randomFaultCounts()),
        graph: stripHanging(stack.graph.directory.randomFaultCounts()),
      },
      phases,
      changes: {
        updated: round.updated.length,
        unassigned: round.unassigned.length,
        disabled: round.disabled.length,
        removedFromGroup: round.removedFromGroup.length,
        stillInScope: round.stillInScope.length,
        added: round.added.length,
        deactivations: round.deactivations,
      },
      held: { users: held.users.size, groups: held.groups.size },
      escrows: {
        records: failures.escrowed.length,
        objects: new Set(failures.escrowed.map((r) => r.objectId)).size,
      },
      slackRequests: slackRequests.length,
      graphRequests: stack.graph.directory.stats().requests,
      slackCreates: slackRequests.filter((r) => r.method === "POST" && /\/Users$/.test(r.path) && r.status === 201)
        .length,
      durationSeconds: (Date.now() - started.getTime()) / 1000,
      mismatches,
    };
  } catch (e) {
    const tail = hostLines.slice(-40).join("\n");
    if (e instanceof Error) e.message += `\nseed ${options.seed}; the host's last lines:\n${tail}`;
    throw e;
  } finally {
    try {
      await options.inspect?.(stack);
    } finally {
      await stack.stop();
    }
  }
}

interface PhaseContext {
  stack: LocalStack;
  log: (line: string) => void;
  phaseTimeoutMs: number;
  hangMs: number;
}

/**
 * Starts a cycle, runs `during` (the kills) and waits for convergence. A failed cycle is started again; objects still
 * escrowed when it converges are retried by a further full cycle (escrows wait 30 minutes otherwise), at most
 * MAX_EXTRA_CYCLES in all. Then waits until no timed-out request is still to be applied by an emulator.
 */
async function runPhase(
  ctx: PhaseContext,
  name: PhaseFigures["name"],
  expected: ExpectedSlack,
  during?: (startedAt: number) => Promise<void>,
): Promise<PhaseFigures> {
  const { stack, log } = ctx;
  const startedAt = Date.now();
  const deadline = startedAt + ctx.phaseTimeoutMs;
  let cycleId = await startCycle(stack);
  await during?.(startedAt);
  let cycles = 1;
  let failedCycles = 0;
  let escrowedAtConvergence = 0;
  let quarantine: string | undefined;
  for (;;) {
    const outcome = await waitForCycle(stack, cycleId, Math.max(1_000, deadline - Date.now()));
    const escrowed = outcome.report.escrowed.entries.length;
    const q = outcome.report.quarantine;
    if (q) quarantine = `${q.reason} (${q.code})`;
    if (cycles === 1 && outcome.converged) escrowedAtConvergence = escrowed;
    if (outcome.converged && escrowed === 0) break;
    if (cycles > MAX_EXTRA_CYCLES) {
      log(`  ${name}: still ${outcome.converged ? `${escrowed} escrowed` : "failing"} after ${cycles} cycles`);
      break;
    }
    if (!outcome.converged) {
      failedCycles++;
      log(`  ${name}: cycle ${cycleId} failed (${outcome.report.lastError?.code ?? "?"}); starting another`);
    } else log(`  ${name}: ${escrowed} escrowed; a full cycle retries them`);
    cycleId = await startCycle(stack, { full: outcome.converged });
    cycles++;
  }
  const secondsToConverge = (Date.now() - startedAt) / 1000;
  await waitForQuietEmulators(stack, ctx.hangMs + 10_000);
  log(`${name}: converged in ${secondsToConverge.toFixed(1)} s (${cycles} cycle(s))`);
  return {
    name,
    secondsToConverge,
    cycles,
    failedCycles,
    escrowedAtConvergence,
    expectedActive: expected.active.size,
    ...(quarantine ? { quarantine } : {}),
  };
}

/** Compares Slack and the held set with the phase's expectation. */
async function check(stack: LocalStack, tenant: ChaosTenant, phase: string, expected: ExpectedSlack) {
  const snapshot = { users: stack.slack.store.listUsers(), groups: stack.slack.store.listGroups() };
  return compareSlack(phase, snapshot, expected, tenant.unmanagedSlack, await heldSet(stack));
}

function next(history: ExpectationHistory, expected: ExpectedSlack): ExpectationHistory {
  return {
    previouslyActive: expected.active,
    everInSlack: new Set([...history.everInSlack, ...expected.active]),
    previousGroups: new Set(expected.groups.keys()),
  };
}

function stripHanging<T extends { hanging: number }>(counts: T): Omit<T, "hanging"> {
  const { hanging: _hanging, ...rest } = counts;
  return rest;
}
