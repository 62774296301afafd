import { ConcurrentWriteError } from "../../errors";
import { driftScanActive } from "../../drift/DriftScanState";
import type { IdentityLink } from "../../state/IdentityLink";
import type { JobReset } from "../../state/JobState";
import { RESET_STALE_MS, resetAbandoned, resetFinished, resetProgressed, resetRequested } from "../../state/JobState";
import type { ResetFlag } from "../../state/ResetFlag";
import type { EscrowEntry, StoredLink } from "../../state/StatePorts";
import type { CycleStarterPorts, StartCycleResult } from "../CycleStarter";
import { CycleStarter } from "../CycleStarter";
import type { EngineContext } from "../EngineContext";
import { jobRecord } from "../jobRecord";
import type { ResetStep } from "./resetSteps";
import { resetSteps } from "./resetSteps";

/** Rows one page of a clearing step deletes (one query, then transactions of 100). */
export const CLEAR_PAGE_ROWS = 1000;
/** Links one page of the Escrows step reads. */
export const HOLDS_PAGE_LINKS = 200;
/** How long one runner works before it hands the rest over (the sync timer resumes a restart left unfinished). */
export const DEFAULT_RESTART_BUDGET_MS = 60_000;

export type JobRestarterPorts = CycleStarterPorts &
  Pick<EngineContext, "connectorData" | "driftScans" | "escrows" | "links" | "groupLinks" | "pending">;

/** What a restart request got. */
export type RestartResult =
  | {
      accepted: true;
      restartId: string;
      resetScope: ResetFlag[];
      /** Whether the bulk steps are done (else the sync timer goes on with them; cycles wait until then). */
      completed: boolean;
      /** Rows deleted (ConnectorDataStore) or failure holds and escrows made due now (Escrows). */
      rowsReset: number;
      /** The cycle the finished restart started, or why none started. */
      cycle?: StartCycleResult;
    }
  | { accepted: false; reason: string };

/**
 * Microsoft Graph's `synchronizationJob: restart` with a resetScope (POST /api/job/restart, npm run restart):
 * - **Watermark**: the next cycle reads everything (both delta links are dropped when it starts);
 * - **Escrows**: every failure hold and escrow of users and groups becomes due now, so the next cycle retries them;
 * - **QuarantineState**: the job leaves quarantine;
 * - **ConnectorDataStore**: the links and what was last exported, the Slack id and userName indexes and the escrows
 *   are deleted, so every user and group is matched again by attribute in the full cycle that follows. Nothing is
 *   deactivated by it: a user without a link has nothing to deactivate, and a user in scope adopts its Slack account.
 *   It is refused while a cycle reads Graph or still applies work, or a drift scan runs (their messages act on links);
 *   no cycle starts while it runs.
 * The bulk steps go a bounded page at a time and record their progress in the job row, so a runner stopped anywhere
 * (a crash, its time budget) is resumed from there by the sync timer. When they are done the job row takes the
 * Watermark and QuarantineState parts and a cycle starts.
 */
export class JobRestarter {
  constructor(
    private readonly ctx: JobRestarterPorts,
    private readonly budgetMs: number = DEFAULT_RESTART_BUDGET_MS,
  ) {}

  async restart(flags: readonly ResetFlag[], by: string): Promise<RestartResult> {
    const { ctx } = this;
    const id = ctx.newId();
    const now = ctx.clock();
    const taken = await ctx.jobs.apply(ctx.jobId, resetRequested({ id, flags: [...flags], now, by }));
    if (!taken.applied) return { accepted: false, reason: taken.declined ?? "the job row changed meanwhile" };
    if (flags.includes("ConnectorDataStore")) {
      const busy = await this.workInFlight(taken.state.cycleId, taken.state.cyclePhase);
      if (busy) {
        await ctx.jobs.apply(ctx.jobId, resetAbandoned(id));
        return { accepted: false, reason: busy };
      }
    }
    await ctx.activity.append(
      jobRecord(ctx, {
        cycleId: restartCycleId(id),
        status: "Success",
        reason: `Restart requested by ${by}: resetScope ${flags.join(", ")}.`,
      }),
    );
    return this.run(id);
  }

  /** Goes on with a restart whose runner stopped (a crash, or the time budget of the request that began it). */
  async resumeIfStalled(): Promise<RestartResult | undefined> {
    const { reset } = await this.ctx.jobs.get(this.ctx.jobId);
    if (!reset || this.ctx.clock().getTime() - Date.parse(reset.heartbeatAt) < RESET_STALE_MS) return undefined;
    return this.run(reset.id);
  }

  /** Why forgetting the links now would race work in flight, or undefined when nothing is in flight. */
  private async workInFlight(cycleId: string | undefined, phase: string): Promise<string | undefined> {
    const { ctx } = this;
    if (cycleId !== undefined && phase === "committed") {
      const backlog = await ctx.pending.count(cycleId);
      if (backlog > 0) {
        return (
          `cycle ${cycleId} is still applying ${backlog} change(s): forgetting the links now would race them. ` +
          "Wait until it has converged (GET /api/status), or pause the job (POST /api/job/pause) and wait, then restart"
        );
      }
    }
    const drift = await ctx.driftScans.get(ctx.jobId);
    if (driftScanActive(drift, ctx.clock())) {
      return "a drift scan is running and acts on the links: wait until it has finished (GET /api/status), then restart";
    }
    return undefined;
  }

  private async run(id: string): Promise<RestartResult> {
    const { ctx } = this;
    const deadline = ctx.clock().getTime() + this.budgetMs;
    let reset = (await ctx.jobs.get(ctx.jobId)).reset;
    if (reset?.id !== id) return { accepted: false, reason: `restart ${id} is no longer under way` };
    const steps = resetSteps(reset.flags);
    while (reset.step < steps.length) {
      if (ctx.clock().getTime() >= deadline) return this.unfinished(reset);
      const progress = await this.page(steps[reset.step] as ResetStep, reset);
      const moved = await ctx.jobs.apply(ctx.jobId, resetProgressed({ id, ...progress, now: ctx.clock() }));
      if (!moved.applied || !moved.state.reset) {
        return { accepted: false, reason: moved.declined ?? `restart ${id} is no longer under way` };
      }
      reset = moved.state.reset;
    }
    const finished = await ctx.jobs.apply(ctx.jobId, resetFinished(id));
    if (!finished.applied) return { accepted: false, reason: finished.declined ?? "the job row changed meanwhile" };
    await ctx.activity.append(
      jobRecord(ctx, {
        cycleId: restartCycleId(id),
        status: "Success",
        reason:
          `Restart done (resetScope ${reset.flags.join(", ")}): ${describeRows(reset)}` +
          (reset.flags.includes("Watermark") ? " The next cycle reads everything." : "") +
          (reset.flags.includes("QuarantineState") ? " The job is out of quarantine." : ""),
      }),
    );
    ctx.log.info(`Restart ${id} (resetScope ${reset.flags.join(", ")}) done: ${reset.rows} row(s).`);
    const cycle = await new CycleStarter(ctx).start({ trigger: "manual", full: reset.flags.includes("Watermark") });
    return { accepted: true, restartId: id, resetScope: reset.flags, completed: true, rowsReset: reset.rows, cycle };
  }

  private unfinished(reset: JobReset): RestartResult {
    return {
      accepted: true,
      restartId: reset.id,
      resetScope: reset.flags,
      completed: false,
      rowsReset: reset.rows,
    };
  }

  /** One bounded page of the step: where the restart stands after it. */
  private async page(step: ResetStep, reset: JobReset): Promise<{ step: number; after?: string; rows: number }> {
    const { ctx } = this;
    if (step.kind === "clear") {
      const deleted = await ctx.connectorData.clear(step.table, ctx.jobId, CLEAR_PAGE_ROWS);
      // A page short of the limit was the last: the next step follows (rows written meanwhile are a run's own).
      return { step: deleted < CLEAR_PAGE_ROWS ? reset.step + 1 : reset.step, rows: reset.rows + deleted };
    }
    const links = step.objectType === "User" ? ctx.links : ctx.groupLinks;
    const page = await links.page(ctx.jobId, reset.after, HOLDS_PAGE_LINKS);
    let rows = reset.rows;
    for (const stored of page.entries) {
      if (await this.makeDue(step.objectType, stored)) rows++;
    }
    return page.next !== undefined ? { step: reset.step, after: page.next, rows } : { step: reset.step + 1, rows };
  }

  /**
   * A link with a failure hold or an escrow: the hold is lifted and the object escrowed due now, so the next cycle
   * retries it (at most MAX_ESCROW_RETRIES_PER_CYCLE per cycle; the rest in the cycles after). False when it has neither.
   */
  private async makeDue(objectType: EscrowEntry["objectType"], first: StoredLink): Promise<boolean> {
    const { ctx } = this;
    let stored: StoredLink | undefined = first;
    for (let attempt = 0; attempt < 3 && stored; attempt++) {
      const { link } = stored;
      if (!link.failure && !link.escrow) return false;
      const now = ctx.clock().toISOString();
      const escrow = {
        attempts: link.escrow?.attempts ?? 0,
        since: link.escrow?.since ?? link.failure?.at ?? now,
        lastError: link.escrow?.lastError ?? {
          code: link.failure?.code ?? "Failure",
          message: link.failure?.message ?? "",
        },
        nextAttemptAt: now,
      };
      const next: IdentityLink = { ...link, escrow };
      delete next.failure;
      try {
        await (objectType === "User" ? ctx.links : ctx.groupLinks).replace(ctx.jobId, next, stored.etag);
        const identity = link.userPrincipalName ?? link.displayName;
        await ctx.escrows.put(ctx.jobId, {
          objectType,
          objectId: link.objectId,
          ...(identity ? { identity } : {}),
          ...escrow,
        });
        return true;
      } catch (e) {
        if (!(e instanceof ConcurrentWriteError)) throw e;
        // A run wrote the link meanwhile: look again (it may have cleared the hold itself).
        stored = await (objectType === "User" ? ctx.links : ctx.groupLinks).get(ctx.jobId, link.objectId);
      }
    }
    return false;
  }
}

/** The cycle id a restart's activity records carry (GET /api/activity?cycleId=restart-<id>). */
export function restartCycleId(id: string): string {
  return `restart-${id}`;
}

function describeRows(reset: JobReset): string {
  if (reset.flags.includes("ConnectorDataStore")) {
    return `${reset.rows} row(s) of links, Slack id and userName indexes and escrows deleted; every user and group is matched again by attribute.`;
  }
  if (reset.flags.includes("Escrows")) {
    return `${reset.rows} failure hold(s) and escrow(s) made due now: the next cycle retries them.`;
  }
  return "nothing to delete.";
}
