import { GraphProblem } from "./GraphProblem";

/** Longest subscription lifetime for users, groups and other directory resources (just under 29 days). */
export const DIRECTORY_SUBSCRIPTION_MAX_MINUTES = 41_760;

/** An ISO 8601 date-time with an explicit offset (Z or ±hh:mm), as Edm.DateTimeOffset needs. */
const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Checks a requested expirationDateTime at `now`: a DateTimeOffset in the future and at most 41,760 minutes ahead.
 * Returns it in UTC ISO form. The messages follow Graph's ("Subscription expiration can only be N minutes in the
 * future." is what Graph answers past its limits); the one for a time in the past is the emulator's own wording.
 */
export function checkExpiration(raw: unknown, now: number): string {
  const ms = typeof raw === "string" && DATE_TIME_OFFSET.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new GraphProblem(
      400,
      "BadRequest",
      `Cannot convert the literal '${String(raw)}' to the expected type 'Edm.DateTimeOffset'.`,
    );
  }
  if (ms <= now) {
    throw new GraphProblem(400, "InvalidRequest", "Subscription expiration must be in the future.");
  }
  if (ms > now + DIRECTORY_SUBSCRIPTION_MAX_MINUTES * 60_000) {
    throw new GraphProblem(
      400,
      "ExtensionError",
      `Subscription expiration can only be ${DIRECTORY_SUBSCRIPTION_MAX_MINUTES} minutes in the future.`,
    );
  }
  return new Date(ms).toISOString();
}
