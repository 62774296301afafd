/**
 * Slack's SCIM rate-limit buckets: two org-wide ones, shared by every SCIM app of the org, and one per endpoint; plus
 * one for the Web API's auth.test, which the token check calls.
 */
export type SlackBucket =
  | "orgWrites"
  | "orgReads"
  | "usersGetOne"
  | "usersCreate"
  | "usersUpdate"
  | "usersDelete"
  | "groupsGetOne"
  | "groupsCreate"
  | "groupsUpdate"
  | "groupsDelete"
  /** Slack's Web API method auth.test (the token check), not a SCIM endpoint: its own limit only. */
  | "authTest";

export interface BucketLimit {
  /** Sustained rate. */
  perMinute: number;
  /** Requests that may go out at once on a full bucket. */
  burst: number;
}

export type GovernorLimits = Readonly<Record<SlackBucket, BucketLimit>>;

/**
 * Slack's documented limits ("SCIM API rate limits"): per minute and burst. The org-wide ones apply to every SCIM app
 * of the org together, which is why our own ceiling on them is an admin setting.
 */
export const SLACK_DOCUMENTED_LIMITS: GovernorLimits = Object.freeze({
  orgWrites: { perMinute: 600, burst: 180 },
  orgReads: { perMinute: 1000, burst: 1000 },
  usersGetOne: { perMinute: 300, burst: 300 },
  usersCreate: { perMinute: 180, burst: 20 },
  usersUpdate: { perMinute: 180, burst: 20 },
  usersDelete: { perMinute: 180, burst: 20 },
  groupsGetOne: { perMinute: 300, burst: 300 },
  groupsCreate: { perMinute: 180, burst: 20 },
  groupsUpdate: { perMinute: 180, burst: 80 },
  groupsDelete: { perMinute: 180, burst: 20 },
  // auth.test has a "special" limit of "hundreds of requests per minute"; the token check needs one per cycle start.
  authTest: { perMinute: 100, burst: 10 },
});

/**
 * The longest a request waits for its turn in-process; beyond it, the work goes back to the queue with that delay
 * (ThrottledError) rather than holding a worker.
 */
export const SLACK_MAX_PACING_WAIT_MS = 30_000;

/**
 * Tokens kept in reserve on every bucket: requests leave here paced exactly, but reach Slack with varying latency, so
 * two may arrive closer together than they left. Two spare tokens absorb that without a 429.
 */
const LATENCY_SPARE = 2;

/**
 * The limits the governor enforces. The org-wide buckets run at the admin's ceilings (SLACK_MAX_WRITES_PER_MINUTE,
 * SLACK_MAX_READS_PER_MINUTE), with the burst Slack allows in the same proportion; each endpoint at Slack's documented
 * limit, never above the ceiling of its kind. A ceiling above Slack's own org-wide limit (600 writes, 1,000 reads a
 * minute) cannot be meant for Slack's limits (a SCIM server other than Slack, or the emulator with its limits off), so
 * the endpoint limits then grow with it in proportion.
 */
export function governorLimits(maxWritesPerMinute: number, maxReadsPerMinute: number): GovernorLimits {
  const d = SLACK_DOCUMENTED_LIMITS;
  const limit = (doc: BucketLimit, ceiling: number, org: BucketLimit): BucketLimit => {
    const perMinute = Math.min(doc.perMinute * Math.max(1, ceiling / org.perMinute), ceiling);
    const burst = Math.floor((doc.burst * perMinute) / doc.perMinute) - LATENCY_SPARE;
    return { perMinute, burst: Math.max(1, burst) };
  };
  const writes = (b: BucketLimit) => limit(b, maxWritesPerMinute, d.orgWrites);
  const reads = (b: BucketLimit) => limit(b, maxReadsPerMinute, d.orgReads);
  return {
    orgWrites: writes(d.orgWrites),
    orgReads: reads(d.orgReads),
    usersGetOne: reads(d.usersGetOne),
    usersCreate: writes(d.usersCreate),
    usersUpdate: writes(d.usersUpdate),
    usersDelete: writes(d.usersDelete),
    groupsGetOne: reads(d.groupsGetOne),
    groupsCreate: writes(d.groupsCreate),
    groupsUpdate: writes(d.groupsUpdate),
    groupsDelete: writes(d.groupsDelete),
    authTest: d.authTest,
  };
}

/** The buckets one SCIM request draws from: the org-wide one of its kind and, where Slack has one, its endpoint's. */
export function bucketsFor(method: string, path: string): SlackBucket[] {
  const m = /^\/(Users|Groups)(\/[^/?]+)?/.exec(path);
  const resource = m?.[1] === "Groups" ? "groups" : m?.[1] === "Users" ? "users" : undefined;
  const single = m?.[2] !== undefined;
  const verb = method.toUpperCase();
  if (verb === "GET") return resource && single ? ["orgReads", `${resource}GetOne`] : ["orgReads"];
  if (!resource) return ["orgWrites"];
  if (verb === "POST" && !single) return ["orgWrites", `${resource}Create`];
  if ((verb === "PATCH" || verb === "PUT") && single) return ["orgWrites", `${resource}Update`];
  if (verb === "DELETE" && single) return ["orgWrites", `${resource}Delete`];
  return ["orgWrites"];
}
