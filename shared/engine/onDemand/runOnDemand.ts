import { classifyFailure, isRetryable, LeaseBusyError, ProvisioningError } from "../../errors";
import type { SlackExchange } from "../../slack/slackExchanges";
import { recordSlackExchanges } from "../../slack/slackExchanges";
import type { ActivityRecord } from "../../state/ActivityRecord";
import type { IdentityLinkStore } from "../../state/StatePorts";
import type { OnDemandResult } from "./OnDemandResult";
import type { LeaseWait } from "./waitForLease";
import { waitForLease } from "./waitForLease";

/** The object an on-demand run is about: its kind, ids, name for humans, and its link table (for a busy lease). */
export interface OnDemandTarget {
  objectType: "User" | "Group";
  objectId: string;
  identity?: string;
  jobId: string;
  links: IdentityLinkStore;
}

/** A run that ran: its activity record, how long it waited for the lease, and what it sent to Slack. */
export interface OnDemandRan {
  kind: "ran";
  record: ActivityRecord;
  waitedMs: number;
  slack: SlackExchange[];
}

type NotRun = Extract<OnDemandResult, { kind: "busy" | "unavailable" }>;

/**
 * Runs one provisioner run on demand: records its Slack exchanges, waits (bounded) for a lease another run holds, and
 * turns what cannot be done now into an answer instead of a retry: a lease still busy after the wait (a cycle's run of
 * the same object, which goes on) and an error worth retrying (throttling, an outage), after which the provisioner has
 * released the lease and recorded nothing. Refused credentials and other errors are thrown to the caller.
 */
export async function runOnDemand(
  target: OnDemandTarget,
  run: () => Promise<ActivityRecord | undefined>,
  wait: LeaseWait,
): Promise<OnDemandRan | NotRun> {
  const slack: SlackExchange[] = [];
  const now = wait.now ?? Date.now;
  const started = now();
  const who = { objectType: target.objectType, objectId: target.objectId, ...identityOf(target) };
  try {
    const { result, waitedMs } = await recordSlackExchanges(slack, () => waitForLease(run, wait));
    if (!result) throw new Error(`unreachable: an on-demand run of ${target.objectId} recorded nothing`);
    return { kind: "ran", record: result, waitedMs, slack };
  } catch (e) {
    if (e instanceof LeaseBusyError) {
      const stored = await target.links.get(target.jobId, target.objectId);
      const until = stored?.link.leaseExpiresAt;
      const waitedMs = now() - started;
      return {
        kind: "busy",
        ...who,
        waitedMs,
        ...(until ? { leaseExpiresAt: until } : {}),
        message:
          `${target.objectType} ${target.identity ?? target.objectId} is being provisioned by another run (a cycle's ` +
          `worker, or another on-demand request)${until ? `, which holds its lease until ${until}` : ""}; it did not ` +
          `finish within ${Math.round(waitedMs / 100) / 10} s. Nothing was done on demand: that run goes on. Try ` +
          "again in a moment; the activity log of the object shows what that run did.",
      };
    }
    const failure = classifyFailure(e);
    if (isRetryable(e) && failure.kind !== "credentials") {
      const retryAfterMs = e instanceof ProvisioningError ? e.retryAfterMs : undefined;
      return {
        kind: "unavailable",
        ...who,
        code: failure.code,
        message: `${failure.message} Nothing was recorded on demand; try again${retryAfterMs ? ` in ${Math.ceil(retryAfterMs / 1000)} s` : ""}.`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        slack,
      };
    }
    throw e;
  }
}

function identityOf(target: OnDemandTarget): { identity?: string } {
  return target.identity ? { identity: target.identity } : {};
}
