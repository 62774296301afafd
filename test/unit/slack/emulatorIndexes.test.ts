/**
 * The Slack emulator answers from indexes (userName and email lookups, the reverse of the group member sets, list pages
 * sliced from the creation order). These properties hold it to what a pass over every user and group gives: random
 * sequences of creates, PUTs, PATCHes and deactivations of users and of group creates, PATCHes, PUTs and deletes, each
 * answer (or error, with its detail) compared with a brute-force reference, and after every step each user's groups,
 * filtered lists and list pages compared with scans of the directory's own users and groups.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { StoredUser } from "../../../dev/slack-emulator/model";
import { cloneUser } from "../../../dev/slack-emulator/model";
import { ScimError } from "../../../dev/slack-emulator/ScimError";
import { SlackDirectory } from "../../../dev/slack-emulator/SlackDirectory";
import { userFromRequest } from "../../../dev/slack-emulator/userFromRequest";
import { applyUserPatch } from "../../../dev/slack-emulator/userPatch";
import { validateDisplayName, validateEmail } from "../../../dev/slack-emulator/userRules";

const NAMES = ["ann", "bo", "cy", "dee", "eve", "fay", "gus", "hal"];
const EMAILS = ["ann", "bo", "cy", "dee", "eve", "fay", "x", "y", "z"].map(
  (n, i) => `${n}@${i % 2 ? "a" : "b"}.example`,
);
/** Mostly active, so that groups fill up; false and omitted (a PUT then deactivates) now and then. */
const ACTIVE = fc.constantFrom(true, true, true, false, undefined);
const UNKNOWN_USER = "UNOBODY0000";

/** A member reference: an index into the users (modulo their number), or UNKNOWN_REF for an id nobody has. */
type Ref = number;
type GroupOp =
  | { op: "add" | "remove" | "replace" | "pathlessAdd" | "pathlessReplace"; members: Ref[] }
  | { op: "removeOne"; member: Ref }
  | { op: "removeAll" | "rename" };
type Op =
  | { kind: "create"; name: string; primary: string; secondary: string | null }
  | { kind: "put"; user: Ref; name: string; primary: string; secondary: string | null; active: boolean | undefined }
  | { kind: "patchUser"; user: Ref; body: unknown }
  | { kind: "deactivate"; user: Ref }
  | { kind: "createGroup"; members: Ref[] }
  | { kind: "patchGroup"; group: number; ops: GroupOp[] }
  | { kind: "putGroup"; group: number; members: Ref[] }
  | { kind: "deleteGroup"; group: number };

const cased = (values: string[]) =>
  fc.tuple(fc.constantFrom(...values), fc.boolean()).map(([v, upper]) => (upper ? v.toUpperCase() : v));
const email = cased(EMAILS);
const UNKNOWN_REF = 12;
const ref = fc.nat({ max: UNKNOWN_REF });
const refs = fc.array(ref, { maxLength: 5 });
const groupOp: fc.Arbitrary<GroupOp> = fc.oneof(
  fc.record({
    op: fc.constantFrom("add" as const, "remove" as const, "replace" as const, "pathlessAdd" as const),
    members: refs,
  }),
  fc.record({ op: fc.constant("pathlessReplace" as const), members: refs }),
  fc.record({ op: fc.constant("removeOne" as const), member: ref }),
  fc.record({ op: fc.constantFrom("removeAll" as const, "rename" as const) }),
);
const patchBody: fc.Arbitrary<unknown> = fc
  .array(
    fc.oneof(
      cased(NAMES).map((value) => ({ op: "replace", path: "userName", value })),
      fc.tuple(email, fc.option(email)).map(([p, s]) => ({
        op: "replace",
        path: "emails",
        value: [{ value: p, primary: true }, ...(s === null ? [] : [{ value: s }])],
      })),
      ACTIVE.map((value) => ({ op: "replace", path: "active", value: value ?? true })),
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((Operations) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations }));
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("create" as const),
      name: cased(NAMES),
      primary: email,
      secondary: fc.option(email),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("put" as const),
      user: ref,
      name: cased(NAMES),
      primary: email,
      secondary: fc.option(email),
      active: ACTIVE,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("patchUser" as const), user: ref, body: patchBody }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deactivate" as const), user: ref }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("createGroup" as const), members: refs }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("patchGroup" as const),
      group: fc.nat({ max: 4 }),
      ops: fc.array(groupOp, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("putGroup" as const), group: fc.nat({ max: 4 }), members: refs }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteGroup" as const), group: fc.nat({ max: 4 }) }) },
);

/** What a request ended with: its error (status and Slack's detail) or success. */
type Outcome = { error: string } | { ok: true };

function outcome(run: () => void): Outcome {
  try {
    run();
    return { ok: true };
  } catch (e) {
    if (e instanceof ScimError) return { error: `${e.status} ${e.detail}` };
    throw e;
  }
}

function userBody(name: string, primary: string, secondary: string | null, active?: boolean): Record<string, unknown> {
  return {
    userName: name,
    emails: [{ value: primary, primary: true }, ...(secondary === null ? [] : [{ value: secondary }])],
    ...(active === undefined ? {} : { active }),
  };
}

/** The old commit: Slack's checks, then the first user in creation order holding the userName or an email. */
function referenceCommit(candidate: StoredUser, users: readonly StoredUser[]): void {
  validateDisplayName(candidate.displayName, candidate.userName);
  if (candidate.primaryEmail === null) throw new ScimError(400, "missing_primary_email");
  validateEmail(candidate.primaryEmail);
  if (candidate.secondaryEmail !== null) {
    if (candidate.secondaryEmail.toLowerCase() === candidate.primaryEmail.toLowerCase())
      candidate.secondaryEmail = null;
    else validateEmail(candidate.secondaryEmail);
  }
  const emails = [candidate.primaryEmail, candidate.secondaryEmail].filter((e): e is string => e !== null);
  for (const other of users) {
    if (other.id === candidate.id) continue;
    if (other.userName === candidate.userName) {
      throw new ScimError(409, "username_taken", `username=${candidate.userName}`);
    }
    const theirs = [other.primaryEmail, other.secondaryEmail].map((e) => e?.toLowerCase());
    if (emails.some((e) => theirs.includes(e.toLowerCase()))) {
      throw new ScimError(409, "email_taken", `existing_user=${other.id}`);
    }
  }
}

/** The old member lists: arrays, `includes` before a push, `filter` to remove; all or nothing per request. */
class ReferenceGroups {
  readonly members = new Map<string, string[]>();

  constructor(private readonly directory: SlackDirectory) {}

  withMembers(ids: string[], existing: string[]): string[] {
    const result = [...existing];
    for (const id of ids) {
      const user = this.directory.findUser(id);
      if (!user) throw new ScimError(404, "no_such_user", `user=${id}`);
      if (!user.active) throw new ScimError(400, "unable_to_add_deleted_or_guest_to_group", `user=${id}`);
      if (!result.includes(id)) result.push(id);
    }
    return result;
  }

  patched(current: string[], ops: GroupOp[], idOf: (r: Ref) => string): string[] {
    let members = [...current];
    for (const o of ops) {
      if (o.op === "add" || o.op === "pathlessAdd") members = this.withMembers(o.members.map(idOf), members);
      else if (o.op === "replace" || o.op === "pathlessReplace") members = this.withMembers(o.members.map(idOf), []);
      else if (o.op === "remove") {
        const remove = new Set(o.members.map(idOf));
        members = members.filter((m) => !remove.has(m));
      } else if (o.op === "removeOne") members = members.filter((m) => m !== idOf(o.member));
      else if (o.op === "removeAll") members = [];
    }
    return members;
  }

  deactivated(userId: string): void {
    for (const [id, members] of this.members)
      this.members.set(
        id,
        members.filter((m) => m !== userId),
      );
  }
}

function groupPatchBody(ops: GroupOp[], idOf: (r: Ref) => string): unknown {
  const list = (members: Ref[]) => members.map((r) => ({ value: idOf(r) }));
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: ops.map((o) => {
      switch (o.op) {
        case "add":
        case "remove":
        case "replace":
          return { op: o.op, path: "members", value: list(o.members) };
        case "pathlessAdd":
          return { op: "add", value: { members: list(o.members) } };
        case "pathlessReplace":
          return { op: "replace", value: { members: list(o.members) } };
        case "removeOne":
          return { op: "remove", path: `members[value eq "${idOf(o.member)}"]` };
        case "removeAll":
          return { op: "remove", path: "members" };
        case "rename":
          return { op: "replace", path: "displayName", value: "Renamed" };
      }
    }),
  };
}

/** Applies one operation to the directory and the reference, and checks that both ended the same way. */
function step(directory: SlackDirectory, reference: ReferenceGroups, o: Op): void {
  const users = directory.allUsers();
  const idOf = (r: Ref): string => (r === UNKNOWN_REF ? undefined : users[r % users.length]?.id) ?? UNKNOWN_USER;
  const groupIds = [...reference.members.keys()];
  const expectUser = (candidate: () => StoredUser, apply: () => void): void => {
    const expected = outcome(() => referenceCommit(candidate(), users));
    const actual = outcome(apply);
    assert.deepEqual(actual, expected, `${o.kind}: ${JSON.stringify(o)}`);
  };
  const afterUserWrite = (id: string): void => {
    if (directory.findUser(id)?.active === false) reference.deactivated(id);
  };
  switch (o.kind) {
    case "create":
      expectUser(
        () =>
          userFromRequest(
            userBody(o.name, o.primary, o.secondary),
            { id: "", created: "", slackRole: "member" },
            "create",
          ),
        () => directory.createUser(userBody(o.name, o.primary, o.secondary)),
      );
      return;
    case "put": {
      const previous = users[o.user % Math.max(1, users.length)];
      if (!previous) return;
      const body = userBody(o.name, o.primary, o.secondary, o.active);
      expectUser(
        () =>
          userFromRequest(
            body,
            { id: previous.id, created: previous.created, slackRole: previous.slackRole },
            "replace",
          ),
        () => directory.replaceUser(previous.id, body),
      );
      afterUserWrite(previous.id);
      return;
    }
    case "patchUser": {
      const previous = users[o.user % Math.max(1, users.length)];
      if (!previous) return;
      expectUser(
        () => {
          const candidate = cloneUser(previous);
          applyUserPatch(candidate, o.body);
          return candidate;
        },
        () => directory.patchUser(previous.id, o.body),
      );
      afterUserWrite(previous.id);
      return;
    }
    case "deactivate": {
      const previous = users[o.user % Math.max(1, users.length)];
      if (!previous) return;
      assert.deepEqual(
        outcome(() => directory.deactivateUser(previous.id)),
        { ok: true },
      );
      afterUserWrite(previous.id);
      return;
    }
    case "createGroup": {
      const ids = o.members.map(idOf);
      let members: string[] = [];
      const expected = outcome(() => (members = reference.withMembers(ids, [])));
      let created = "";
      const actual = outcome(() => {
        created = directory.createGroup({ displayName: "G", members: ids.map((value) => ({ value })) }).id;
      });
      assert.deepEqual(actual, expected, JSON.stringify(o));
      if ("ok" in actual) reference.members.set(created, members);
      return;
    }
    case "patchGroup":
    case "putGroup": {
      const id = groupIds[o.group % Math.max(1, groupIds.length)];
      if (id === undefined) return;
      const current = reference.members.get(id) ?? [];
      let members: string[] = current;
      const expected = outcome(() => {
        members =
          o.kind === "patchGroup"
            ? reference.patched(current, o.ops, idOf)
            : reference.withMembers(o.members.map(idOf), []);
      });
      const actual = outcome(() =>
        o.kind === "patchGroup"
          ? directory.patchGroup(id, groupPatchBody(o.ops, idOf))
          : directory.replaceGroup(id, { displayName: "G", members: o.members.map((r) => ({ value: idOf(r) })) }),
      );
      assert.deepEqual(actual, expected, JSON.stringify(o));
      if ("ok" in actual) reference.members.set(id, members);
      return;
    }
    case "deleteGroup": {
      const id = groupIds[o.group % Math.max(1, groupIds.length)];
      if (id === undefined) return;
      directory.deleteGroup(id);
      reference.members.delete(id);
      return;
    }
  }
}

const listIds = (directory: SlackDirectory, query: Record<string, string>) => {
  const answer = directory.listUsers(new URLSearchParams(query));
  return { ids: answer.Resources.map((u) => u.id), total: answer.totalResults };
};

/** After each step: groups, each user's groups, filtered lists and pages against scans of the directory. */
function checkAgainstScans(directory: SlackDirectory, reference: ReferenceGroups, pick: number): void {
  const groups = directory.allGroups();
  assert.deepEqual(
    groups.map((g) => [g.id, g.members]),
    [...reference.members].map(([id, members]) => [id, members]),
    "group members, in creation order and joining order",
  );
  const users = directory.allUsers();
  for (const u of users) {
    const scanned = groups
      .filter((g) => g.members.includes(u.id))
      .map((g) => ({ value: g.id, display: g.displayName }));
    assert.deepEqual(directory.toScim(u).groups, scanned, `groups of ${u.id}`);
  }
  const name = NAMES[pick % NAMES.length] ?? "";
  const mail = EMAILS[pick % EMAILS.length] ?? "";
  const shout = (s: string) => (pick % 2 === 0 ? s : s.toUpperCase());
  const hasName = (u: StoredUser, n: string) => u.userName.toLowerCase() === n.toLowerCase();
  const hasMail = (u: StoredUser, e: string) =>
    [u.primaryEmail, u.secondaryEmail].some((x) => x !== null && x.toLowerCase() === e.toLowerCase());
  const cases: [string, (u: StoredUser) => boolean][] = [
    [`userName eq "${shout(name)}"`, (u) => hasName(u, name)],
    [`USERNAME eq "${name}"`, (u) => hasName(u, name)],
    [`emails eq "${shout(mail)}"`, (u) => hasMail(u, mail)],
    [`email eq "${mail}"`, (u) => hasMail(u, mail)],
    [`emails.value eq "${shout(mail)}"`, (u) => hasMail(u, mail)],
    [`userName eq "${name}" or emails eq "${mail}"`, (u) => hasName(u, name) || hasMail(u, mail)],
    [`userName eq "${name}" and emails eq "${mail}"`, (u) => hasName(u, name) && hasMail(u, mail)],
    [`emails eq "${mail}" and not (userName eq "${name}")`, (u) => hasMail(u, mail) && !hasName(u, name)],
    [`userName sw "${name.slice(0, 1)}"`, (u) => u.userName.startsWith(name.slice(0, 1))],
    [`userName eq "${name}" or userName sw "b"`, (u) => hasName(u, name) || u.userName.startsWith("b")],
  ];
  for (const [filter, matches] of cases) {
    const expected = users.filter(matches).map((u) => u.id);
    assert.deepEqual(listIds(directory, { filter, count: "1000" }), { ids: expected, total: expected.length }, filter);
    assert.deepEqual(
      listIds(directory, { filter, startIndex: "2", count: "1" }),
      { ids: expected.slice(1, 2), total: expected.length },
      `${filter}, second page of one`,
    );
  }
  const all = users.map((u) => u.id);
  for (const [startIndex, count] of [
    [1, 1000],
    [1, 2],
    [1 + (pick % Math.max(1, all.length)), 3],
    [all.length + 1, 10],
  ] as const) {
    assert.deepEqual(
      listIds(directory, { startIndex: String(startIndex), count: String(count) }),
      { ids: all.slice(startIndex - 1, startIndex - 1 + count), total: all.length },
      `page ${startIndex}+${count}`,
    );
  }
}

void describe("Slack emulator indexes", () => {
  void it("answer as a pass over every user and group does, over random sequences of writes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(op, fc.nat()), { minLength: 1, maxLength: 40, size: "max" }), (steps) => {
        const directory = new SlackDirectory("https://slack.test/scim/v2", { grid: false, channelNames: [] });
        const reference = new ReferenceGroups(directory);
        for (const [o, pick] of steps) {
          step(directory, reference, o);
          checkAgainstScans(directory, reference, pick);
        }
      }),
      { numRuns: 150 },
    );
  });

  void it("reports the first conflicting user in creation order, the userName before an email of the same user", () => {
    const directory = new SlackDirectory("https://slack.test/scim/v2", { grid: false, channelNames: [] });
    const a = directory.createUser(userBody("ann", "shared@a.example", null));
    directory.createUser(userBody("bo", "bo@a.example", null));
    // bo holds the userName, ann (created first) the email: ann decides, with email_taken.
    assert.deepEqual(
      outcome(() => directory.createUser(userBody("bo", "SHARED@a.example", null))),
      { error: `409 email_taken (existing_user=${a.id})` },
    );
    // ann holds both: the userName is reported.
    assert.deepEqual(
      outcome(() => directory.createUser(userBody("ann", "shared@a.example", null))),
      { error: "409 username_taken (username=ann)" },
    );
    // A deactivated user keeps its userName and emails.
    directory.deactivateUser(a.id);
    assert.deepEqual(
      outcome(() => directory.createUser(userBody("cy", "bo@x.example", "Shared@A.example"))),
      { error: `409 email_taken (existing_user=${a.id})` },
    );
  });
});
