import { describeError } from "../errors";
import type { EngineContext } from "./EngineContext";

export type SlackSnapshotPorts = Pick<EngineContext, "jobId" | "slack" | "slackSnapshot" | "log">;

/**
 * Takes the cycle's copy of Slack's users (one paged listing, 1,000 a page, each page written as index rows before
 * the next is read, so memory does not grow with the org), unless it is already complete (a redelivered page).
 * A full cycle then matches its unlinked users against it instead of reading Slack twice per user. A snapshot that
 * cannot be taken costs nothing but speed: matching falls back to Slack's filtered reads, and the reason is logged.
 */
export async function takeSlackSnapshot(ctx: SlackSnapshotPorts, cycleId: string): Promise<boolean> {
  try {
    if (await ctx.slackSnapshot.isComplete(ctx.jobId, cycleId)) return true;
    let users = 0;
    await ctx.slack.listUsers(async (page) => {
      await ctx.slackSnapshot.add(ctx.jobId, cycleId, page);
      users += page.length;
    });
    await ctx.slackSnapshot.complete(ctx.jobId, cycleId);
    ctx.log.info(`Cycle ${cycleId}: matched against a snapshot of ${users} Slack user(s) (one paged listing).`);
    return true;
  } catch (e) {
    const { code, message } = describeError(e);
    ctx.log.warn(
      `Cycle ${cycleId}: the snapshot of Slack's users could not be taken (${code}: ${message}); ` +
        "unlinked users are matched with Slack's filtered reads instead.",
    );
    return false;
  }
}
