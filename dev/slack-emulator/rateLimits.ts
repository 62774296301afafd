/** One token bucket's figures. */
export interface BucketLimit {
  perMinute: number;
  burst: number;
}

/** Which per-endpoint bucket a request draws from, besides the org-wide read or write bucket. */
export type EndpointClass =
  | "usersList"
  | "usersGetOne"
  | "usersCreate"
  | "usersUpdate"
  | "usersDelete"
  | "groupsList"
  | "groupsGetOne"
  | "groupsCreate"
  | "groupsUpdate"
  | "groupsDelete"
  | "otherRead";

/** Slack's documented SCIM limits (reference §5), as numbers an emulator can enforce. */
export interface SlackRateLimitNumbers {
  orgWrites: BucketLimit;
  orgReads: BucketLimit;
  usersGetOne: BucketLimit;
  usersCreate: BucketLimit;
  usersUpdate: BucketLimit;
  usersDelete: BucketLimit;
  groupsGetOne: BucketLimit;
  groupsCreate: BucketLimit;
  groupsUpdate: BucketLimit;
  groupsDelete: BucketLimit;
  /** A second write to a user or group while one is in flight gets 429 (Slack locks the resource). */
  writeLock: boolean;
}

/** "slack": the documented limits; "off": none (no buckets, no lock); an object: overrides over the Slack figures. */
export type RateLimitSetting = "slack" | "off" | Partial<SlackRateLimitNumbers>;

export const SLACK_RATE_LIMITS: Readonly<SlackRateLimitNumbers> = Object.freeze({
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
  writeLock: true,
});

export function resolveRateLimits(setting: RateLimitSetting): SlackRateLimitNumbers | undefined {
  if (setting === "off") return undefined;
  if (setting === "slack") return { ...SLACK_RATE_LIMITS };
  return { ...SLACK_RATE_LIMITS, ...setting };
}
