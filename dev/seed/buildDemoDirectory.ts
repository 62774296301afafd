import { SCIM_USER_SCHEMA } from "../../shared/slack/ScimUser";
import type { ScimUser } from "../../shared/slack/ScimUser";
import type { CreateUserInput } from "../graph-emulator/emulatorTypes";
import { buildDemoGroups } from "./demoGroups";
import type { SeedGroup } from "./demoGroups";
import { DEPARTMENTS, GIVEN_NAMES, OFFICES, SURNAMES } from "./demoNames";
import { SeededRandom } from "./SeededRandom";

export const DEMO_DOMAIN = "contoso.example";
export const DEFAULT_DEMO_SEED = 20240601;
/** Slack's limit on userName length (the part Slack keeps: the UPN's local part). */
export const SLACK_USERNAME_MAX = 21;

/** A user to create in the Graph emulator; ids are deterministic for a seed. */
export type SeedUser = CreateUserInput & { id: string; displayName: string };

export type SlackRejectionCode = "long_username" | "invalid_name_specials" | "email_empty" | "email_taken";

/** A seeded user Slack must refuse, with the error Slack answers (the end-to-end test asserts exactly these). */
export interface ExpectedRejection {
  objectId: string;
  userPrincipalName: string;
  slackError: SlackRejectionCode;
  httpStatus: 400 | 409;
  why: string;
}

/** A user that exists in Slack before the first cycle (SCIM shape, with its active flag). */
export type SlackSeedUser = ScimUser & { userName: string; displayName: string; active: boolean };

/** How a pre-seeded Slack user relates to the Entra directory. */
export interface SlackSeedMatch {
  userName: string;
  /** userName/email: an assigned Entra user matches it by that attribute and must adopt it (and reactivate it). */
  kind: "userName" | "email" | "slackOnly" | "primaryOwner";
  entraObjectId?: string;
  activeBefore: boolean;
}

export interface DemoDirectory {
  seed: number;
  users: SeedUser[];
  /** Users directly assigned to the Slack service principal. */
  assignedUserIds: string[];
  expectedRejections: ExpectedRejection[];
  slackUsers: SlackSeedUser[];
  slackMatches: SlackSeedMatch[];
  /** Groups (nested, one nesting cycle); loaded only by loadDemoGroups, not by loadDemoDirectory. */
  groups: SeedGroup[];
  /** Group ids to assign to the Slack service principal (loadDemoGroups does). */
  groupAssignments: string[];
  /** Unassigned, enabled users that come into scope only through the assigned groups. */
  usersInScopeOnlyViaGroups: string[];
}

const BASE_USERS = 296;
const UNASSIGNED = 40;
const DISABLED = 6;

/**
 * A deterministic demo tenant of 300 users (296 ordinary + 4 deliberately invalid for Slack), 260 of them assigned
 * to the Slack app, plus 13 users that already exist in Slack. Every ordinary user is valid for Slack: the userName
 * Slack keeps (the UPN's local part, lower-cased, a–z 0–9 . _ -) has at most 21 characters and is unique, and the
 * displayName has no '@' and at most 80 characters. The invalid ones (all assigned and enabled):
 * - a UPN whose local part is longer than 21 characters → Slack 400 long_username;
 * - a displayName containing '@' → 400 invalid_name_specials;
 * - no mail (mail null): the mapping sends no email and the Slack emulator answers 400 email_empty;
 * - a mail equal to another assigned user's mail → 409 email_taken. The other user already exists in Slack (pre-seed,
 *   matched by userName), so the duplicate is the one refused — provided the engine does not adopt, by email, a
 *   Slack user that another in-scope Entra user matches by userName.
 */
export function buildDemoDirectory(seed: number = DEFAULT_DEMO_SEED): DemoDirectory {
  const rng = new SeededRandom(seed);
  const taken = new Set<string>();
  const users: SeedUser[] = [];

  // Reserve the special users' userNames first so ordinary users never collide with them.
  const special = {
    long: { given: "Maximilian", surname: "von Hohenberg-Schwarzenau", local: "maximilian.vonhohenberg-schwarzenau" },
    at: { given: "Priya", surname: "Raman", local: "priya.raman.mktg" },
    noMail: { given: "Tomás", surname: "Ruiz Ibáñez", local: "tomas.ruiz" },
    dupMail: { given: "Sam", surname: "Taylor-Reed", local: "sam.taylorreed" },
  };
  for (const s of Object.values(special)) taken.add(s.local);

  const disabled = new Set<number>();
  while (disabled.size < DISABLED) disabled.add(rng.int(0, BASE_USERS - 1));

  for (let i = 0; i < BASE_USERS; i++) {
    const given = rng.pick(GIVEN_NAMES);
    const surname = rng.pick(SURNAMES);
    const local = uniqueLocal(slug(given), slug(surname), taken);
    const upn = `${local}@${DEMO_DOMAIN}`;
    const office = rng.pick(OFFICES);
    const u: SeedUser = {
      id: rng.guid(),
      userPrincipalName: upn,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      mailNickname: local,
      mail: rng.chance(0.15) ? `${capitalize(local)}@${DEMO_DOMAIN}` : upn,
      accountEnabled: !disabled.has(i),
      userType: "Member",
    };
    if (rng.chance(0.9)) {
      const dept = rng.pick(Object.keys(DEPARTMENTS));
      u.department = dept;
      u.jobTitle = rng.pick(DEPARTMENTS[dept] ?? ["Specialist"]);
      u.companyName = "Contoso";
    }
    if (rng.chance(0.85)) u.employeeId = `E${String(100000 + i * 7 + rng.int(0, 6))}`;
    if (rng.chance(0.85)) {
      u.streetAddress = `${rng.int(1, 400)} ${office.street}`;
      u.city = office.city;
      if (office.state) u.state = office.state;
      u.postalCode = office.postalCode;
      u.country = office.country;
      u.usageLocation = office.usageLocation;
    }
    if (rng.chance(0.7)) u.businessPhones = [`${office.phonePrefix} ${String(rng.int(0, 9999)).padStart(4, "0")}`];
    if (rng.chance(0.5)) u.mobilePhone = `${office.phonePrefix} ${String(rng.int(0, 9999)).padStart(4, "0")}`;
    if (rng.chance(0.8)) u.preferredLanguage = office.language;
    users.push(u);
  }

  const eligible = users.filter((u) => u.accountEnabled === true);
  const unassigned = new Set(
    rng
      .shuffle(eligible.filter((_, i) => i % 3 === 0))
      .slice(0, UNASSIGNED)
      .map((u) => u.id),
  );
  const assignedValid = eligible.filter((u) => !unassigned.has(u.id));
  // Pre-seed candidates, drawn from assigned enabled users, without repeats.
  const pool = rng.shuffle(assignedValid);
  const byUserName = pool.slice(0, 5);
  const byEmail = pool.slice(5, 9);
  const mailHolder = byUserName[0] as SeedUser;

  const mk = (s: { given: string; surname: string; local: string }, extra: Partial<SeedUser>): SeedUser => ({
    id: rng.guid(),
    userPrincipalName: `${s.local}@${DEMO_DOMAIN}`,
    displayName: `${s.given} ${s.surname}`,
    givenName: s.given,
    surname: s.surname,
    mailNickname: s.local,
    mail: `${s.local}@${DEMO_DOMAIN}`,
    accountEnabled: true,
    userType: "Member",
    department: "Marketing",
    jobTitle: "Specialist",
    ...extra,
  });
  const long = mk(special.long, { department: "Legal", jobTitle: "Corporate Counsel" });
  const at = mk(special.at, { displayName: "Priya Raman @ Marketing" });
  const noMail = mk(special.noMail, { mail: null, department: "Operations" });
  const dupMail = mk(special.dupMail, { mail: String(mailHolder.mail) });
  users.push(long, at, noMail, dupMail);

  const expectedRejections: ExpectedRejection[] = [
    {
      objectId: long.id,
      userPrincipalName: long.userPrincipalName,
      slackError: "long_username",
      httpStatus: 400,
      why: "userName longer than 21 characters",
    },
    {
      objectId: at.id,
      userPrincipalName: at.userPrincipalName,
      slackError: "invalid_name_specials",
      httpStatus: 400,
      why: "displayName contains '@'",
    },
    {
      objectId: noMail.id,
      userPrincipalName: noMail.userPrincipalName,
      slackError: "email_empty",
      httpStatus: 400,
      why: "no mail, so no email is sent",
    },
    {
      objectId: dupMail.id,
      userPrincipalName: dupMail.userPrincipalName,
      slackError: "email_taken",
      httpStatus: 409,
      why: `mail equals the mail of ${mailHolder.userPrincipalName}`,
    },
  ];

  const slackUsers: SlackSeedUser[] = [];
  const slackMatches: SlackSeedMatch[] = [];
  byUserName.forEach((u, i) => {
    const userName = localOf(u.userPrincipalName);
    const active = i !== 2;
    slackUsers.push(
      scim(
        userName,
        `${String(u.givenName)} ${String(u.surname)}`,
        String(u.givenName),
        String(u.surname),
        String(u.mail).toLowerCase(),
        active,
        "Previous title",
      ),
    );
    slackMatches.push({ userName, kind: "userName", entraObjectId: u.id, activeBefore: active });
  });
  byEmail.forEach((u, i) => {
    let userName = `${slug(String(u.givenName)).slice(0, 8)}_old${i}`;
    while (taken.has(userName)) userName += "x";
    taken.add(userName);
    const active = i !== 1;
    slackUsers.push(
      scim(
        userName,
        String(u.displayName),
        String(u.givenName),
        String(u.surname),
        String(u.mail).toLowerCase(),
        active,
        null,
      ),
    );
    slackMatches.push({ userName, kind: "email", entraObjectId: u.id, activeBefore: active });
  });
  const slackOnly: [string, string, string, string][] = [
    ["contractor.lee", "Jordan Lee", "Jordan", "Lee"],
    ["ext.amelie.roux", "Amélie Roux", "Amélie", "Roux"],
    ["auditor.kofi", "Kofi Mensah", "Kofi", "Mensah"],
  ];
  for (const [userName, display, given, family] of slackOnly) {
    slackUsers.push(scim(userName, display, given, family, `${userName}@partner.example`, true, "External"));
    slackMatches.push({ userName, kind: "slackOnly", activeBefore: true });
  }
  slackUsers.push(
    scim("workspace.owner", "Workspace Owner", "Workspace", "Owner", "owner@founders.example", true, "Primary Owner"),
  );
  slackMatches.push({ userName: "workspace.owner", kind: "primaryOwner", activeBefore: true });

  const assignedUserIds = users.filter((u) => !unassigned.has(u.id)).map((u) => u.id);
  // Groups use their own PRNG stream: everything above stays identical to the directory without groups.
  const groups = buildDemoGroups({
    seed,
    userIds: users.map((u) => u.id),
    assignedUserIds,
    excludedUserIds: new Set(expectedRejections.map((r) => r.objectId)),
    unassignedEnabledUserIds: users.filter((u) => unassigned.has(u.id)).map((u) => u.id),
  });
  return { seed, users, assignedUserIds, expectedRejections, slackUsers, slackMatches, ...groups };
}

/** The userName Slack keeps for a UPN: its local part, lower-cased, only a–z 0–9 . _ - kept. */
export function slackUserNameFor(userPrincipalName: string): string {
  return localOf(userPrincipalName).replace(/[^a-z0-9._-]/g, "");
}

function localOf(upn: string): string {
  return (upn.split("@")[0] ?? "").toLowerCase();
}

const SPECIAL_LETTERS: Record<string, string> = { ł: "l", ø: "o", ß: "ss", æ: "ae", đ: "d", ı: "i", œ: "oe", þ: "th" };

/** ASCII slug of a name: diacritics stripped, apostrophes/spaces removed, lower case, a–z 0–9 - only. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[łøßæđıœþ]/g, (c) => SPECIAL_LETTERS[c] ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9-]/g, "");
}

function uniqueLocal(given: string, surname: string, taken: Set<string>): string {
  const candidates = [`${given}.${surname}`, `${given.slice(0, 1)}.${surname}`, `${given}.${surname.slice(0, 1)}`];
  let base =
    candidates.find((c) => c.length <= SLACK_USERNAME_MAX) ??
    `${given.slice(0, 1)}.${surname}`.slice(0, SLACK_USERNAME_MAX);
  base = base.replace(/[.-]+$/, "");
  let local = base;
  for (let n = 2; taken.has(local); n++) {
    const suffix = String(n);
    local = base.slice(0, SLACK_USERNAME_MAX - suffix.length) + suffix;
  }
  taken.add(local);
  return local;
}

function capitalize(local: string): string {
  return local
    .split(".")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(".");
}

function scim(
  userName: string,
  displayName: string,
  givenName: string,
  familyName: string,
  email: string,
  active: boolean,
  title: string | null,
): SlackSeedUser {
  const u: SlackSeedUser = {
    schemas: [SCIM_USER_SCHEMA],
    userName,
    displayName,
    name: { givenName, familyName },
    emails: [{ value: email, type: "work", primary: true }],
    active,
  };
  if (title !== null) u.title = title;
  return u;
}
