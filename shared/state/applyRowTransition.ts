import type { TableClient } from "@azure/data-tables";
import type { ProvisioningError } from "../errors";
import { isConflict, isPreconditionFailed } from "./tableErrors";

/** How many times a transition is tried against a row that keeps changing before the caller is told to retry. */
export const MAX_CAS_ATTEMPTS = 20;

/** One state row whose value is a JSON document, and what it takes to read it. */
export interface JsonStateRow<S> {
  client: TableClient;
  partitionKey: string;
  rowKey: string;
  /** The stored state and its ETag; undefined when the row does not exist yet. */
  read: () => Promise<{ state: S; etag: string } | undefined>;
  /** The state a missing row stands for. */
  initial: S;
  /** The error thrown when every attempt lost its race (retryable). */
  contention: () => ProvisioningError;
}

/**
 * Applies a pure transition to a JSON state row by compare-and-set on its ETag: read, decide, write under the ETag
 * (create when the row is missing), and read again when another writer got there first. A transition that declines
 * leaves the row as it is and says why. Used by the job row and the drift scan's row; it decides nothing itself.
 */
export async function applyRowTransition<S>(
  row: JsonStateRow<S>,
  transition: (state: Readonly<S>) => S | { declined: string },
): Promise<{ state: S; applied: boolean; declined?: string }> {
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const found = await row.read();
    const current = found?.state ?? row.initial;
    const next = transition(current);
    if (isDeclinedValue(next)) return { state: current, applied: false, declined: next.declined };
    const entity = { partitionKey: row.partitionKey, rowKey: row.rowKey, json: JSON.stringify(next) };
    try {
      if (found === undefined) await row.client.createEntity(entity);
      // Merge: the row's only property is `json`, so it ends as a Replace would leave it, at less cost on Azurite.
      else await row.client.updateEntity(entity, "Merge", { etag: found.etag });
      return { state: next, applied: true };
    } catch (e) {
      if (isPreconditionFailed(e) || isConflict(e)) continue;
      throw e;
    }
  }
  throw row.contention();
}

function isDeclinedValue<S>(value: S | { declined: string }): value is { declined: string } {
  return typeof value === "object" && value !== null && "declined" in value;
}
