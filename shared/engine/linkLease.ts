import { ConcurrentWriteError, describeError, LeaseBusyError, TransientError } from "../errors";
import type { IdentityLink, QueueMark } from "../state/IdentityLink";
import type { IdentityLinkStore, StoredLink } from "../state/StatePorts";
import type { Logger } from "./Logger";

/**
 * A message that finds its object's lease busy comes back after this long (a run usually holds it for well under a
 * second; two messages for one object in a cycle are common: the scope step and the delta page, or two gate runs
 * releasing one removal), so the cycle's convergence does not wait longer than it must.
 */
const LEASE_BUSY_RETRY_MS = 1_000;
const MAX_CAS_ATTEMPTS = 10;

/**
 * A link row whose lease this run holds, with the ETag of its last write; `tookOver` when the lease was another run's
 * that expired (that run died mid-way: it may have written to Slack without recording it).
 */
export type LeasedLink = StoredLink & { tookOver?: boolean };

export interface AcquireLeaseOptions {
  jobId: string;
  objectId: string;
  /** Who takes the lease: every run is its own owner, even in one process. */
  owner: string;
  leaseMs: number;
  now: () => Date;
  /** How the object is named in a LeaseBusyError ("User 1234…"). */
  what: string;
  /** The "queued" marks the run that starts now covers (default: all of them). */
  consumes?: readonly QueueMark[];
}

const ALL_MARKS: readonly QueueMark[] = ["queuedAt", "membersQueuedAt"];

/**
 * Takes the per-object lease on a link row (creating the row on first sight) by compare-and-set, so two workers never
 * act on the same user or group at once. A lease held by someone else and not expired throws LeaseBusyError
 * (retryable: the message is re-queued); an expired one (a crashed worker) is taken over.
 */
export async function acquireLinkLease(links: IdentityLinkStore, options: AcquireLeaseOptions): Promise<LeasedLink> {
  const { jobId, objectId, owner } = options;
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const at = options.now();
    const lease = { leaseOwner: owner, leaseExpiresAt: new Date(at.getTime() + options.leaseMs).toISOString() };
    const stored = await links.get(jobId, objectId);
    try {
      if (!stored) {
        const link: IdentityLink = { objectId, ...lease };
        return { link, etag: await links.create(jobId, link) };
      }
      const l = stored.link;
      if (l.leaseOwner && l.leaseOwner !== owner && l.leaseExpiresAt && Date.parse(l.leaseExpiresAt) > at.getTime()) {
        throw new LeaseBusyError(options.what, LEASE_BUSY_RETRY_MS);
      }
      const link = { ...l, ...lease };
      // The run that starts now reads the current state, so the waiting "queued" marks it covers are consumed by it.
      for (const mark of options.consumes ?? ALL_MARKS) delete link[mark];
      const tookOver = l.leaseOwner !== undefined && l.leaseOwner !== owner;
      return { link, etag: await links.replace(jobId, link, stored.etag), ...(tookOver ? { tookOver } : {}) };
    } catch (e) {
      if (e instanceof ConcurrentWriteError) continue;
      throw e;
    }
  }
  throw new LeaseBusyError(options.what, LEASE_BUSY_RETRY_MS);
}

/**
 * Writes the run's result and releases the lease in one write. Another writer may only have added "queued" marks
 * meanwhile (a new run is on its way); those marks are kept. If the lease expired and someone else took it, the run
 * is retried (TransientError) rather than overwrite newer work.
 */
export async function saveAndRelease(
  links: IdentityLinkStore,
  jobId: string,
  held: LeasedLink,
  next: IdentityLink,
): Promise<void> {
  const owner = held.link.leaseOwner;
  let etag = held.etag;
  let marks: Pick<IdentityLink, QueueMark> = {};
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    try {
      await links.replace(jobId, { ...withoutLease(next), ...marks }, etag);
      return;
    } catch (e) {
      if (!(e instanceof ConcurrentWriteError)) throw e;
    }
    const stored = await links.get(jobId, next.objectId);
    if (!stored || stored.link.leaseOwner !== owner) {
      throw new TransientError("LeaseLost", `The lease on ${next.objectId} expired during the run; retrying.`);
    }
    etag = stored.etag;
    marks = {};
    for (const mark of ALL_MARKS) {
      const at = stored.link[mark];
      if (at) marks[mark] = at;
    }
  }
  throw new TransientError("LinkContention", `The link of ${next.objectId} kept changing; retrying.`);
}

/**
 * Releases the lease early (after a retryable failure). Another writer may have changed the row meanwhile (a group's
 * "queued" mark): then the lease is cleared from the row as it is now, as long as it is still this run's, so that the
 * object's next run need not wait for the lease to expire. If that fails the lease simply expires; the reason is logged.
 */
export async function releaseLinkLease(
  links: IdentityLinkStore,
  jobId: string,
  held: LeasedLink,
  log: Logger,
): Promise<void> {
  const owner = held.link.leaseOwner;
  let current: StoredLink | undefined = held;
  try {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      try {
        await links.replace(jobId, withoutLease(current.link), current.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConcurrentWriteError)) throw e;
      }
      current = await links.get(jobId, held.link.objectId);
      if (!current || current.link.leaseOwner !== owner) return;
    }
    throw new ConcurrentWriteError(`The link of ${held.link.objectId} kept changing.`);
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
