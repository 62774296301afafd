import type { DeltaPageMessage, GroupsDeltaPageMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import type { DeltaResource, PageRef } from "../state/JobState";
import { pageEnqueued } from "../state/JobState";
import type { EngineContext } from "./EngineContext";

/** A page message of either delta round. */
export type RoundPageMessage = DeltaPageMessage | GroupsDeltaPageMessage;

export type SendDeltaPagePorts = Pick<EngineContext, "jobId" | "jobs" | "queue">;

/** The message of one page of a round (`url` undefined: the first page of a full read). */
export function deltaPageMessage(
  jobId: string,
  which: DeltaResource,
  page: PageRef & { url?: string; full: boolean },
): RoundPageMessage {
  return {
    kind: which === "groups" ? "groupsDeltaPage" : "usersDeltaPage",
    jobId,
    cycleId: page.cycleId,
    round: page.round,
    pageIndex: page.pageIndex,
    ...(page.url ? { url: page.url } : {}),
    full: page.full,
  };
}

/**
 * Queues the page the round's cursor waits for, then marks it queued on the job row. If the process dies between the
 * two, the previous page's re-delivery sees the mark missing and queues the page again (a duplicate is ignored).
 */
export async function sendDeltaPage(
  ctx: SendDeltaPagePorts,
  which: DeltaResource,
  page: PageRef & { url?: string; full: boolean },
): Promise<void> {
  await ctx.queue.send(QUEUES.deltaPages, deltaPageMessage(ctx.jobId, which, page));
  await ctx.jobs.apply(ctx.jobId, pageEnqueued(which, page));
}
