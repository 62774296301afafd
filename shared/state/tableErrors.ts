/** Narrow type guards for @azure/data-tables RestErrors (RestError.code is undefined for table errors; use statusCode). */
function statusOf(e: unknown): number | undefined {
  if (typeof e === "object" && e !== null && "statusCode" in e) {
    const s = (e as { statusCode?: unknown }).statusCode;
    return typeof s === "number" ? s : undefined;
  }
  return undefined;
}

export const isNotFound = (e: unknown): boolean => statusOf(e) === 404;
export const isConflict = (e: unknown): boolean => statusOf(e) === 409;
/** An ETag condition failed (412 UpdateConditionNotSatisfied): someone else wrote the row first. */
export const isPreconditionFailed = (e: unknown): boolean => statusOf(e) === 412;
