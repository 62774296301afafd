import type { Timer } from "@azure/functions";
import { Cron } from "croner";
import type { FunctionDefinition } from "../../shared/hosting/registerFunction";
import type { FunctionCounters } from "./FunctionCounters";
import type { HostLogSink } from "./hostLog";
import { parseTimeSpan } from "./hostJson";
import type { InvocationOutcome } from "./runInvocation";
import { runInvocation } from "./runInvocation";

export type TimerDefinition = Extract<FunctionDefinition, { kind: "timer" }>;

/** A run that starts this much later than its occurrence is reported as past due. */
const PAST_DUE_TOLERANCE_MS = 1000;

/**
 * Runs one timer function: on its schedule (6-field NCRONTAB in UTC, day-of-month AND day-of-week as NCrontab does,
 * or a TimeSpan "hh:mm:ss" interval), on startup when asked, and on demand. Like the Functions host's singleton lock,
 * two invocations of the same timer never overlap: an occurrence that comes due while one runs waits for it (and is
 * then past due); occurrences missed meanwhile are coalesced into that one run.
 */
export class TimerRunner {
  readonly counters: FunctionCounters;
  private cron: Cron | undefined;
  private interval: NodeJS.Timeout | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private scheduledWaiting = false;
  private last: Date | undefined;
  private stopped = false;

  constructor(
    private readonly def: TimerDefinition,
    /** The schedule with any %SETTING% already resolved. */
    private readonly schedule: string,
    private readonly sink: HostLogSink,
    counters: FunctionCounters,
  ) {
    this.counters = counters;
    const intervalMs = TimerRunner.intervalOf(schedule);
    if (intervalMs === undefined) {
      // Validates the expression now, so a bad schedule fails at start-up like it does in the host.
      this.cron = new Cron(
        schedule,
        { mode: "6-part", timezone: "UTC", domAndDow: true, paused: true, unref: true },
        () => this.onOccurrence(),
      );
    }
  }

  get name(): string {
    return this.def.name;
  }

  /** A TimeSpan schedule's period in ms, or undefined for a cron expression. */
  static intervalOf(schedule: string): number | undefined {
    if (!/^(\d+\.)?\d{1,2}:\d{1,2}:\d{1,2}$/.test(schedule)) return undefined;
    const ms = parseTimeSpan(schedule);
    if (ms <= 0) throw new Error(`The timer schedule "${schedule}" must be longer than zero.`);
    return ms;
  }

  /** Starts the schedule (and the startup run when runOnStartup is set). */
  start(enableSchedule: boolean): void {
    if (enableSchedule) {
      const intervalMs = TimerRunner.intervalOf(this.schedule);
      if (intervalMs !== undefined) {
        this.interval = setInterval(() => this.onOccurrence(), intervalMs);
        this.interval.unref();
      } else {
        this.cron?.resume();
      }
    }
    if (this.def.runOnStartup) void this.enqueue(Date.now(), "Timer fired on startup");
  }

  /** Whether the schedule can still fire (an interval is set, or the cron job runs). */
  get scheduled(): boolean {
    return this.interval !== undefined || (this.cron?.isRunning() ?? false);
  }

  /** Invokes the timer now (after any run in progress); resolves with the invocation's outcome. */
  trigger(): Promise<InvocationOutcome> {
    return this.enqueue(Date.now(), "Triggered on demand");
  }

  /** Stops the schedule and waits (up to the deadline) for the run in progress. */
  async stop(deadline: Promise<void>): Promise<void> {
    this.stopped = true;
    this.cron?.stop();
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    await Promise.race([this.tail, deadline]);
  }

  private onOccurrence(): void {
    if (this.stopped || this.scheduledWaiting) return;
    this.scheduledWaiting = true;
    void this.enqueue(Date.now(), "Timer fired", () => (this.scheduledWaiting = false));
  }

  private enqueue(dueAt: number, reason: string, onStart?: () => void): Promise<InvocationOutcome> {
    const run = this.tail.then(() => {
      onStart?.();
      return this.invoke(dueAt, reason);
    });
    this.tail = run;
    return run;
  }

  private async invoke(dueAt: number, reason: string): Promise<InvocationOutcome> {
    const now = new Date();
    const next = this.nextOccurrence();
    const timer: Timer = {
      isPastDue: now.getTime() - dueAt > PAST_DUE_TOLERANCE_MS,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: (this.last ?? new Date(0)).toISOString(),
        next: next?.toISOString() ?? "",
        lastUpdated: now.toISOString(),
      },
    };
    this.last = now;
    return runInvocation({
      functionName: this.def.name,
      trigger: {
        type: "timerTrigger",
        name: "timer",
        schedule: this.def.schedule,
        runOnStartup: !!this.def.runOnStartup,
      },
      reason,
      sink: this.sink,
      counters: this.counters,
      call: (context) => this.def.handler(timer, context),
    });
  }

  private nextOccurrence(): Date | undefined {
    if (this.cron) return this.cron.nextRun() ?? undefined;
    const intervalMs = TimerRunner.intervalOf(this.schedule);
    return intervalMs === undefined ? undefined : new Date(Date.now() + intervalMs);
  }
}
