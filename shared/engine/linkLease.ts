import { describeError, LeaseBusyError } from "../errors";
import type { IdentityLink } from "../state/IdentityLink";
import type { IdentityLinkRepository } from "../state/IdentityLinkRepository";
import { ConcurrentWriteError } from "../state/IdentityLinkRepository";
import type { Logger } from "./Logger";

const LEASE_BUSY_RETRY_MS = 2_000;

export interface LeasedLink {
  link: IdentityLink;
  etag: string;
}

/**
 * Takes the per-object lease on a link row (creating the row on first sight) by compare-and-set, so two workers never
 * act on the same user or group at once. A lease held by someone else and not expired throws LeaseBusyError
 * (retryable: the message is re-queued); an expired one (a crashed worker) is taken over.
 */
export async function acquireLinkLease(
  repo: IdentityLinkRepository,
  jobId: string,
  objectId: string,
  owner: string,
  leaseMs: number,
  now: () => Date,
  what: string,
): Promise<LeasedLink> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const at = now();
    const lease = { leaseOwner: owner, leaseExpiresAt: new Date(at.getTime() + leaseMs).toISOString() };
    const stored = await repo.get(jobId, objectId);
    try {
      if (!stored) {
        const link: IdentityLink = { objectId, ...lease };
        return { link, etag: await repo.create(jobId, link) };
      }
      const l = stored.link;
      if (l.leaseOwner && l.leaseOwner !== owner && l.leaseExpiresAt && Date.parse(l.leaseExpiresAt) > at.getTime()) {
        throw new LeaseBusyError(what, LEASE_BUSY_RETRY_MS);
      }
      const link = { ...l, ...lease };
      // The run that starts now reads the current state, so a waiting "queued" mark is consumed by it.
      delete link.queuedAt;
      return { link, etag: await repo.replace(jobId, link, stored.etag) };
    } catch (e) {
      if (e instanceof ConcurrentWriteError) continue;
      throw e;
    }
  }
  throw new LeaseBusyError(what, LEASE_BUSY_RETRY_MS);
}

/** Releases the lease early (after a retryable failure). If that fails the lease simply expires; the reason is logged. */
export async function releaseLinkLease(
  repo: IdentityLinkRepository,
  jobId: string,
  held: LeasedLink,
  log: Logger,
): Promise<void> {
  const released = withoutLease(held.link);
  try {
    await repo.replace(jobId, released, held.etag);
  } catch (e) {
    log.warn(`Could not release the lease on ${held.link.objectId}: ${describeError(e).message}`);
  }
}

export function withoutLease(link: IdentityLink): IdentityLink {
  const copy = { ...link };
  delete copy.leaseOwner;
  delete copy.leaseExpiresAt;
  return copy;
}
