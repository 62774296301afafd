import type { Filter } from "scim2-parse-filter";

/** The lookups a user filter can be narrowed with (keys lower-cased, as the filter compares). */
export interface UserLookups {
  withUserName(lowerUserName: string): ReadonlySet<string>;
  withEmail(lowerEmail: string): ReadonlySet<string>;
}

const EMAIL_ATTRIBUTES = new Set(["email", "emails", "emails.value"]);

/**
 * The ids of the users a filter can match, from the lookups, or undefined when the filter needs a pass over every user.
 * Narrowed: `userName eq "…"` and `email(s)(.value) eq "…"` with a string value (how the app matches users), an `and`
 * with one such term, an `or` of only such terms. Always a superset of the matches: the caller still applies the filter
 * itself to each candidate, so the answer is the same as a full pass.
 */
export function userFilterCandidates(filter: Filter, lookups: UserLookups): ReadonlySet<string> | undefined {
  switch (filter.op) {
    case "eq": {
      if (typeof filter.compValue !== "string") return undefined;
      const attribute = filter.attrPath.toLowerCase();
      const value = filter.compValue.toLowerCase();
      if (attribute === "username") return lookups.withUserName(value);
      if (EMAIL_ATTRIBUTES.has(attribute)) return lookups.withEmail(value);
      return undefined;
    }
    case "and": {
      let smallest: ReadonlySet<string> | undefined;
      for (const f of filter.filters) {
        const ids = userFilterCandidates(f, lookups);
        if (ids !== undefined && (smallest === undefined || ids.size < smallest.size)) smallest = ids;
      }
      return smallest;
    }
    case "or": {
      const union = new Set<string>();
      for (const f of filter.filters) {
        const ids = userFilterCandidates(f, lookups);
        if (ids === undefined) return undefined;
        for (const id of ids) union.add(id);
      }
      return union;
    }
    default:
      return undefined;
  }
}
