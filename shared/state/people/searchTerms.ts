import type { ActivityRecord } from "../ActivityRecord";

/** The longest term indexed (and searched): longer names are cut here. */
export const MAX_TERM_LENGTH = 100;
/** The most words of a display name indexed besides the whole name (so "love" finds "Ada Lovelace"). */
const MAX_WORDS = 4;

/** The SCIM attributes whose new values name a person: display name, user name, work email, given and family name. */
const NAMING = new Set([
  "displayName",
  "userName",
  'emails[type eq "work"].value',
  "name.givenName",
  "name.familyName",
]);

/** Folds a term for the index and for a query alike: trimmed, lowercased, cut to MAX_TERM_LENGTH. */
export function foldTerm(value: string): string {
  return value.trim().toLowerCase().slice(0, MAX_TERM_LENGTH);
}

/**
 * The terms under which a record's object is found by prefix: its identity (UPN or group name), the naming values the
 * record wrote (displayName, userName, work email, given and family name, each word of the display name). Pure; no
 * term is empty; at most a dozen. A term that begins another term is left out: a prefix search that finds it finds the
 * longer term too (a given name "ada" beside the display name "ada lovelace"), so its row would cost a write for nothing.
 */
export function searchTerms(r: ActivityRecord): { terms: string[]; displayName?: string } {
  if (r.objectType === "Job") return { terms: [] };
  const values: string[] = [];
  if (r.identity) values.push(r.identity);
  let displayName: string | undefined;
  for (const p of r.modifiedProperties) {
    if (!NAMING.has(p.name) || p.newValue === null || p.newValue === "") continue;
    values.push(p.newValue);
    if (p.name === "displayName") {
      displayName = p.newValue;
      values.push(...p.newValue.split(/\s+/).slice(1, 1 + MAX_WORDS));
    }
  }
  const distinct = [...new Set(values.map(foldTerm).filter((t) => t !== ""))];
  const terms = distinct.filter((t) => !distinct.some((u) => u !== t && u.startsWith(t)));
  return { terms, ...(displayName !== undefined ? { displayName } : {}) };
}
