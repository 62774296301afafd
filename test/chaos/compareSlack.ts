import type { EmulatorGroup } from "../../dev/slack-emulator/SlackDirectory";
import type { EmulatorUser } from "../../dev/slack-emulator/SlackEmulatorStore";
import { SCIM_ENTERPRISE_SCHEMA } from "../../shared/slack/ScimUser";
import type { ExpectedSlack } from "./expectedSlack";

/**
 * What can be wrong with Slack after a phase:
 *   - duplicate: one Entra user (or group) has more than one Slack account (same userName or email, or group name);
 *   - missing: a user who should be in Slack is not;
 *   - wrongfulDeactivation: a user who should be active (held ones included, and accounts that are not Entra's) is not;
 *   - lostChange: an attribute changed in Entra is not in Slack, or a user who was unassigned or disabled is active;
 *   - unexpected: a Slack account for an Entra user who was never in scope, or for nobody known;
 *   - heldSet: the deletion guard's held set is not exactly the expected one;
 *   - group: a Slack group missing, unexpected, or with other members than the expected ones;
 *   - failure: a change recorded as a permanent failure (the tenant has no invalid user, so none is expected).
 */
export type MismatchKind =
  "duplicate" | "missing" | "wrongfulDeactivation" | "lostChange" | "unexpected" | "heldSet" | "group" | "failure";

export const MISMATCH_KINDS: readonly MismatchKind[] = [
  "duplicate",
  "missing",
  "wrongfulDeactivation",
  "lostChange",
  "unexpected",
  "heldSet",
  "group",
  "failure",
];

export interface Mismatch {
  kind: MismatchKind;
  phase: string;
  /** The userName, group name or "held set". */
  subject: string;
  detail: string;
}

/** What the app holds for an operator, as GET /api/held lists it (ids by type). */
export interface HeldSet {
  users: ReadonlySet<string>;
  groups: ReadonlySet<string>;
}

export interface SlackSnapshot {
  users: readonly EmulatorUser[];
  groups: readonly EmulatorGroup[];
}

/** Compares Slack (the emulator's state) and the deletion guard's held set with the expectation of a phase. */
export function compareSlack(
  phase: string,
  slack: SlackSnapshot,
  expected: ExpectedSlack,
  unmanaged: readonly string[],
  held: HeldSet,
): Mismatch[] {
  const out: Mismatch[] = [];
  const add = (kind: MismatchKind, subject: string, detail: string) => out.push({ kind, phase, subject, detail });
  const byUserName = groupBy(slack.users, (u) => u.userName.toLowerCase());
  const byEmail = groupBy(slack.users, (u) => primaryEmail(u));
  const accounted = new Set<string>();

  for (const e of expected.users.values()) {
    const found = uniqueById([...(byUserName.get(e.userName) ?? []), ...(byEmail.get(e.email) ?? [])]);
    for (const u of found) accounted.add(u.id);
    if (found.length > 1) {
      add(
        "duplicate",
        e.userName,
        `${found.length} Slack users: ${found.map((u) => `${u.id}/${u.userName}`).join(", ")}`,
      );
    }
    const u = found[0];
    if (!u) {
      add("missing", e.userName, `expected ${e.state} in Slack, not there`);
      continue;
    }
    if (e.state === "inactive") {
      if (u.active !== false) add("lostChange", e.userName, "unassigned or disabled in Entra, still active in Slack");
      continue;
    }
    if (u.active === false) {
      add("wrongfulDeactivation", e.userName, "in scope (or held) in Entra, deactivated in Slack");
      continue;
    }
    const department = u[SCIM_ENTERPRISE_SCHEMA]?.department ?? null;
    if ((u.title ?? null) !== e.title)
      add("lostChange", e.userName, `title "${u.title}" in Slack, "${e.title}" in Entra`);
    if (department !== e.department) {
      add("lostChange", e.userName, `department "${department}" in Slack, "${e.department}" in Entra`);
    }
  }
  for (const name of expected.absent) {
    for (const u of byUserName.get(name) ?? []) {
      accounted.add(u.id);
      add("unexpected", name, `never in scope in Entra, exists in Slack as ${u.id} (active: ${u.active})`);
    }
  }
  for (const name of unmanaged) {
    const found = byUserName.get(name) ?? [];
    for (const u of found) accounted.add(u.id);
    if (found.length !== 1 || found[0]?.active === false) {
      add("wrongfulDeactivation", name, "a Slack account that is not Entra's was removed or deactivated");
    }
  }
  for (const u of slack.users) {
    if (!accounted.has(u.id)) add("unexpected", u.userName, `Slack user ${u.id} matches nobody known`);
  }

  const userNameOf = new Map(slack.users.map((u) => [u.id, u.userName.toLowerCase()]));
  const groupsByName = groupBy(slack.groups, (g) => g.displayName);
  const expectedNames = new Set<string>();
  for (const e of expected.groups.values()) {
    expectedNames.add(e.displayName);
    const found = groupsByName.get(e.displayName) ?? [];
    if (found.length > 1) add("duplicate", e.displayName, `${found.length} Slack groups of this name`);
    const g = found[0];
    if (!g) {
      add("group", e.displayName, "expected in Slack, not there");
      continue;
    }
    const actual = new Set(g.members.map((m) => userNameOf.get(m.value) ?? m.value));
    const extra = [...actual].filter((m) => !e.members.has(m));
    const lacking = [...e.members].filter((m) => !actual.has(m));
    if (extra.length > 0 || lacking.length > 0) {
      add(
        "group",
        e.displayName,
        `members: ${lacking.length} missing ${sample(lacking)}, ${extra.length} extra ${sample(extra)}`,
      );
    }
  }
  for (const g of slack.groups) {
    if (!expectedNames.has(g.displayName)) add("group", g.displayName, `Slack group ${g.id} is not expected`);
  }

  for (const [what, actual, wanted] of [
    ["users", held.users, expected.heldUsers],
    ["groups", held.groups, expected.heldGroups],
  ] as const) {
    const extra = [...actual].filter((id) => !wanted.has(id));
    const lacking = [...wanted].filter((id) => !actual.has(id));
    if (extra.length > 0 || lacking.length > 0) {
      add(
        "heldSet",
        `held ${what}`,
        `${actual.size} held, ${wanted.size} expected: ${lacking.length} not held ${sample(lacking)}, ` +
          `${extra.length} held wrongly ${sample(extra)}`,
      );
    }
  }
  return out;
}

function primaryEmail(u: EmulatorUser): string {
  const emails = u.emails ?? [];
  return (emails.find((e) => e.primary)?.value ?? emails[0]?.value ?? "").toLowerCase();
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === "") continue;
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((i) => [i.id, i])).values()];
}

function sample(items: readonly string[]): string {
  if (items.length === 0) return "";
  return `(${items.slice(0, 5).join(", ")}${items.length > 5 ? ", …" : ""})`;
}
