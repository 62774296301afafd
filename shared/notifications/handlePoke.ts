import type { CycleStarterPorts } from "../engine/CycleStarter";
import { CycleStarter } from "../engine/CycleStarter";
import type { EngineContext } from "../engine/EngineContext";
import type { NotificationPokeMessage } from "../queue/messages";
import { QUEUES } from "../queue/queueCatalog";
import { covered, pokeDone, pokeWaiting } from "./catchUp";
import { POKE_MAX_ATTEMPTS, pokeRetryDelayMs } from "./pokeRetryDelayMs";

export type PokePorts = CycleStarterPorts & Pick<EngineContext, "notifications">;

export type PokeOutcome = "covered" | "started" | "waiting" | "paused" | "gaveUp";

/**
 * Handles the one queued poke: done once a cycle has started after the latest notification; otherwise starts an
 * incremental cycle, or, while a cycle is still applying its work, looks again soon (pokeRetryDelayMs; bounded).
 */
export async function handlePoke(ctx: PokePorts, msg: NotificationPokeMessage): Promise<PokeOutcome> {
  for (let round = 0; round < 3; round++) {
    const job = await ctx.jobs.get(ctx.jobId);
    const isCovered = await ctx.notifications.updateCatchUp(ctx.jobId, (state) =>
      covered(state, job.cycleStartedAt) ? { state: pokeDone(state), result: true } : { state, result: false },
    );
    if (isCovered) return round === 0 ? "covered" : "started";
    if (job.paused) {
      await ctx.notifications.updateCatchUp(ctx.jobId, (state) => ({ state: pokeDone(state), result: undefined }));
      ctx.log.info("A change was notified while the job is paused: the next cycle after resuming reads it.");
      return "paused";
    }
    const started = await new CycleStarter(ctx).start({ trigger: "notification" });
    if (!started.started) break;
  }
  const attempt = (msg.attempt ?? 0) + 1;
  if (attempt > POKE_MAX_ATTEMPTS) {
    await ctx.notifications.updateCatchUp(ctx.jobId, (state) => ({ state: pokeDone(state), result: undefined }));
    ctx.log.warn("Notified changes waited 30 minutes for a cycle to start; the scheduled cycle reads them.");
    return "gaveUp";
  }
  await ctx.notifications.updateCatchUp(ctx.jobId, (state) => ({
    state: pokeWaiting(state, ctx.clock()),
    result: undefined,
  }));
  await ctx.queue.sendMany(QUEUES.deltaPages, [{ ...msg, attempt }], { visibilityDelayMs: pokeRetryDelayMs(attempt) });
  return "waiting";
}
