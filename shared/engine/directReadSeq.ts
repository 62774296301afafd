import { observationSeq } from "../state/SourceUserRepository";

/** The page a direct read (GET /users/{id}) is filed under in the mirror's order: after every page of its round. */
const DIRECT_READ_PAGE = 999_999;

/**
 * Pure: the mirror position of a direct read made after `round` was read to its end: newer than every observation of
 * that round and older than any of the next one, which therefore wins (a delta page read later may be newer).
 */
export function directReadSeq(round: number): string {
  return observationSeq(Math.max(0, round), DIRECT_READ_PAGE, 0);
}

/** Pure: whether a mirror position is a direct read's ("" for one made before any round, or directReadSeq's). */
export function isDirectReadSeq(seq: string): boolean {
  return seq === "" || seq.split(".")[1] === String(DIRECT_READ_PAGE);
}
