import type { ActivityRecord } from "../state/ActivityRecord";
import { capText } from "./activityRequests";

/**
 * The longest stored record (its JSON, in UTF-16 code units as JavaScript counts them). Azure Table Storage keeps a
 * string property of at most 64 KiB, i.e. 32,768 UTF-16 code units; an entity at most 1 MiB. The record is one string
 * property; this leaves room below the limit.
 */
export const MAX_RECORD_CHARS = 30_000;
/** The most member identities a record lists when it has to shrink (per list). */
const SHRUNK_MEMBERS = 50;
/** The longest old or new value of a modified property when the record has to shrink. */
const SHRUNK_VALUE_CHARS = 256;
/** The longest reason, step detail or error message when the record has to shrink. */
const SHRUNK_TEXT_CHARS = 2000;

function fits(record: ActivityRecord, max: number): boolean {
  return JSON.stringify(record).length <= max;
}

function capMembers(list: string[] | undefined): string[] | undefined {
  if (list === undefined || list.length <= SHRUNK_MEMBERS) return list;
  return [...list.slice(0, SHRUNK_MEMBERS), `… and ${list.length - SHRUNK_MEMBERS} more`];
}

const capValue = (v: string | null, max: number): string | null => (v === null ? null : capText(v, max).text);

/**
 * Pure: the record as stored, always within `max` characters of JSON. Most records fit and are returned as they are.
 * A larger one gives up, in this order, until it fits: the bodies of its requests (each marked `truncated`), its
 * requests, the member lists of a group record beyond the first 50 (with "… and N more"), long modified property
 * values (cut at 256 characters), long reason, step details and error message (cut at 2,000 characters), and finally
 * its modified properties past the first ones that fit, its member lists and its last steps. (Only a record with
 * unusually long identity fields could still exceed `max`: they are never cut.)
 */
export function fitActivityRecord(record: ActivityRecord, max = MAX_RECORD_CHARS): ActivityRecord {
  if (fits(record, max)) return record;
  let r: ActivityRecord = record;
  if (r.requests) {
    r = {
      ...r,
      requests: r.requests.map(({ request: _q, response: _a, ...rest }) => ({ ...rest, truncated: true })),
    };
    if (fits(r, max)) return r;
    const { requests: _requests, ...withoutRequests } = r;
    r = withoutRequests;
    if (fits(r, max)) return r;
  }
  const membersAdded = capMembers(r.membersAdded);
  const membersRemoved = capMembers(r.membersRemoved);
  r = { ...r, ...(membersAdded ? { membersAdded } : {}), ...(membersRemoved ? { membersRemoved } : {}) };
  if (fits(r, max)) return r;
  r = {
    ...r,
    modifiedProperties: r.modifiedProperties.map((p) => ({
      name: capText(p.name, SHRUNK_VALUE_CHARS).text,
      oldValue: capValue(p.oldValue, SHRUNK_VALUE_CHARS),
      newValue: capValue(p.newValue, SHRUNK_VALUE_CHARS),
    })),
  };
  if (fits(r, max)) return r;
  r = {
    ...r,
    reason: capText(r.reason, SHRUNK_TEXT_CHARS).text,
    steps: r.steps.map((s) => ({ ...s, detail: capText(s.detail, SHRUNK_TEXT_CHARS).text })),
    ...(r.errorMessage !== undefined ? { errorMessage: capText(r.errorMessage, SHRUNK_TEXT_CHARS).text } : {}),
  };
  while (!fits(r, max)) {
    if (r.modifiedProperties.length > 0) r = { ...r, modifiedProperties: r.modifiedProperties.slice(0, -1) };
    else if (r.membersAdded) r = withoutKey(r, "membersAdded");
    else if (r.membersRemoved) r = withoutKey(r, "membersRemoved");
    else if (r.steps.length > 0) r = { ...r, steps: r.steps.slice(0, -1) };
    else break;
  }
  return r;
}

function withoutKey(r: ActivityRecord, key: "membersAdded" | "membersRemoved"): ActivityRecord {
  const copy = { ...r };
  delete copy[key];
  return copy;
}
