/**
 * Prints what one request costs the emulators themselves at several org sizes, in process and without sockets, so a
 * cost that grows with the org shows before it distorts `npm run bench`. Figures (median ms per request), not
 * assertions.
 *
 *   npm run bench:emulator                          # 1,000, 10,000 and 100,000 users
 *   npm run bench:emulator -- --sizes 1000,10k
 *
 * Slack (through the SCIM handler, the answer serialized as the HTTP layer would): POST /Users, GET /Users filtered by
 * `userName eq` and by `emails eq`, a list page of 1,000 in the middle of the org, and a PATCH adding 5,000 members
 * (or every user, for a smaller org) to an empty group. The org has 20 groups holding 90 % of the users, as Slack holds
 * the bench tenant's groups after a sync. Graph (the page functions the routes call): a users/delta page and a
 * groups/delta page (with members) of the initial round, an appRoleAssignedTo page of 999 (as the app asks) and a
 * user by userPrincipalName (GET /users/{upn}), over the bench tenant of seedTenant.ts. It only uses functions that
 * exist before and after the emulators' indexes, so the same file runs on an older checkout to compare.
 */
import { performance } from "node:perf_hooks";
import { DEFAULT_DELTA_LINKS_PER_PAGE, DEFAULT_GROUP_PROPERTIES } from "../dev/graph-emulator/constants";
import { DirectoryStore } from "../dev/graph-emulator/DirectoryStore";
import { computeGroupsDeltaPage } from "../dev/graph-emulator/groupsDelta";
import { computeUsersDeltaPage } from "../dev/graph-emulator/usersDelta";
import { handleScim } from "../dev/slack-emulator/scimRoutes";
import { SlackEmulatorStore } from "../dev/slack-emulator/SlackEmulatorStore";
import { parseSize } from "./args";
import { ASSIGNED_GROUPS, planTenant } from "./seedTenant";

const BASE = "http://127.0.0.1:1/scim/v2";
const TOKEN = "xoxp-emulator-cost";
const PATCH_MEMBERS = 5000;
/** The emulator's default users/delta and groups/delta page. */
const DELTA_PAGE = 100;
/** The app reads appRoleAssignedTo with $top=999. */
const ASSIGNMENTS_PAGE = 999;

const progress = (line: string) => process.stderr.write(`${line}\n`);

function sizesFromArgs(argv: readonly string[]): number[] {
  const i = argv.findIndex((a) => a === "--sizes" || a.startsWith("--sizes="));
  if (i < 0) return [1000, 10_000, 100_000];
  const arg = argv[i] ?? "";
  const text = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (argv[i + 1] ?? "");
  return text.split(",").map((part) => {
    const n = parseSize(part);
    if (n === undefined) throw new Error(`Not an org size: "${part}". usage: --sizes 1000,10k,100k`);
    return n;
  });
}

/** A small deterministic generator (mulberry32), so every run picks the same users. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Median ms of `reps` calls; `prepare` (untimed) runs before each call and hands it its argument. */
async function timed<T>(
  reps: number,
  prepare: (i: number) => T | Promise<T>,
  call: (arg: T) => unknown,
): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const arg = await prepare(i);
    const t0 = performance.now();
    await call(arg);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

// ---- Slack ---------------------------------------------------------------------------------------------------------

interface SlackOrg {
  store: SlackEmulatorStore;
  userIds: string[];
  request: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
}

function slackOrg(size: number): SlackOrg {
  const store = new SlackEmulatorStore(BASE, {
    grid: false,
    channelNames: [],
    rateLimits: "off",
    token: TOKEN,
    writeLatencyMs: 0,
  });
  const userIds: string[] = [];
  for (let i = 0; i < size; i++) {
    userIds.push(
      store.seedUser({
        userName: `bench${i}`,
        displayName: `Bench User ${i}`,
        emails: [{ value: `bench${i}@contoso.example`, primary: true }],
      }).id,
    );
  }
  const plan = planTenant(size);
  plan.groupMembers.forEach((members, j) => {
    const name = j < ASSIGNED_GROUPS ? `Bench Team ${j}` : `Bench Team ${j - ASSIGNED_GROUPS} Nested`;
    store.seedGroup({ displayName: name, members: members.map((i) => userIds[i] ?? "") });
  });
  const signal = new AbortController().signal;
  const request = async (method: string, path: string, body?: unknown) => {
    const reply = await handleScim(
      { store, scimBaseUrl: BASE, signal },
      method,
      new URL(`${BASE}${path}`),
      `Bearer ${TOKEN}`,
      body === undefined ? "" : JSON.stringify(body),
    );
    // The HTTP layer serializes every answer; a page of 1,000 users costs that much whatever the org's size.
    JSON.stringify(reply.body);
    if (reply.status >= 400) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return { status: reply.status, body: reply.body };
  };
  return { store, userIds, request };
}

interface SlackFigures {
  seedSeconds: number;
  create: number;
  userNameEq: number;
  emailsEq: number;
  page: number;
  patchMembers: number;
  patch: number;
}

async function slackFigures(size: number): Promise<SlackFigures> {
  const t0 = performance.now();
  const org = slackOrg(size);
  const seedSeconds = (performance.now() - t0) / 1000;
  const pick = random(size);
  const someone = () => Math.floor(pick() * size);
  const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}&count=100`;

  const create = await timed(
    100,
    (i) => i,
    (i) =>
      org.request("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `extra${i}`,
        displayName: `Extra ${i}`,
        emails: [{ value: `extra${i}@contoso.example`, primary: true }],
      }),
  );
  const userNameEq = await timed(100, someone, (i) => org.request("GET", q(`userName eq "bench${i}"`)));
  const emailsEq = await timed(100, someone, (i) => org.request("GET", q(`emails eq "BENCH${i}@contoso.example"`)));
  const pages = Math.max(1, Math.floor(size / 1000));
  const page = await timed(
    10,
    (i) => 1 + ((Math.floor(pages / 2) + i) % pages) * 1000,
    (start) => org.request("GET", `/Users?startIndex=${start}&count=1000`),
  );
  const patchMembers = Math.min(PATCH_MEMBERS, size);
  const members = org.userIds.slice(0, patchMembers).map((value) => ({ value }));
  let last: string | undefined;
  const patch = await timed(
    5,
    async () => {
      if (last !== undefined) await org.request("DELETE", `/Groups/${last}`);
      const created = await org.request("POST", "/Groups", { displayName: "Bench PATCH" });
      last = (created.body as { id: string }).id;
      return last;
    },
    (id) =>
      org.request("PATCH", `/Groups/${id}`, {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "add", path: "members", value: members }],
      }),
  );
  return { seedSeconds, create, userNameEq, emailsEq, page, patchMembers, patch };
}

// ---- Graph ---------------------------------------------------------------------------------------------------------

interface GraphFigures {
  seedSeconds: number;
  usersDelta: number;
  groupsDelta: number;
  assignments: number;
  userByUpn: number;
}

function graphTenant(size: number): { store: DirectoryStore; userIds: string[] } {
  const store = new DirectoryStore("00000000-0000-0000-0000-0000000000aa");
  const plan = planTenant(size);
  const userIds: string[] = [];
  for (let i = 0; i < size; i++) {
    userIds.push(
      store.createUser({
        userPrincipalName: `bench${i}@contoso.example`,
        mail: `bench${i}@contoso.example`,
        displayName: `Bench User ${i}`,
        accountEnabled: true,
      }).id,
    );
  }
  const id = (i: number): string => userIds[i] ?? "";
  plan.managerOf.forEach((m, i) => {
    if (m !== undefined) store.setManager(id(i), id(m));
  });
  const nested = plan.groupMembers.slice(ASSIGNED_GROUPS).map(
    (members, j) =>
      store.createGroup({
        displayName: `Bench Team ${j} Nested`,
        members: members.map((i) => ({ id: id(i), type: "user" as const })),
      }).id,
  );
  plan.groupMembers.slice(0, ASSIGNED_GROUPS).forEach((members, j) => {
    const g = store.createGroup({
      displayName: `Bench Team ${j}`,
      members: [
        ...members.map((i) => ({ id: id(i), type: "user" as const })),
        { id: nested[j] ?? "", type: "group" as const },
      ],
    });
    store.assign({ principalId: g.id, principalType: "Group" });
  });
  for (const i of plan.direct) store.assign({ principalId: id(i) });
  return { store, userIds };
}

async function graphFigures(size: number): Promise<GraphFigures> {
  const t0 = performance.now();
  const { store, userIds } = graphTenant(size);
  const seedSeconds = (performance.now() - t0) / 1000;
  const upTo = store.log.latestSeq;
  const sorted = [...userIds].sort();
  const pick = random(size + 1);
  const userSelect = ["displayName", "userPrincipalName", "mail", "accountEnabled", "manager"];
  const usersDelta = await timed(
    20,
    () => sorted[Math.floor(pick() * sorted.length)],
    (cursor) =>
      JSON.stringify(
        computeUsersDeltaPage(store, { since: 0, upTo, initial: true, select: userSelect, cursor }, DELTA_PAGE, false),
      ),
  );
  const groupsDelta = await timed(
    20,
    () => undefined,
    () =>
      JSON.stringify(
        computeGroupsDeltaPage(
          store,
          { since: 0, upTo, initial: true, select: [...DEFAULT_GROUP_PROPERTIES, "members"] },
          { pageSize: DELTA_PAGE, linksPerPage: DEFAULT_DELTA_LINKS_PER_PAGE },
          false,
        ),
      ),
  );
  const total = store.listAssignments().length;
  const assignments = await timed(
    20,
    () => Math.floor(pick() * total),
    (cursor) => JSON.stringify(store.assignmentsAfter(cursor, ASSIGNMENTS_PAGE)),
  );
  const userByUpn = await timed(
    100,
    () => `BENCH${Math.floor(pick() * size)}@contoso.example`,
    (upn) => store.findUser(upn),
  );
  return { seedSeconds, usersDelta, groupsDelta, assignments, userByUpn };
}

// ---- main ----------------------------------------------------------------------------------------------------------

const ms = (n: number) => (n < 0.1 ? n.toFixed(3) : n < 10 ? n.toFixed(2) : n.toFixed(0));

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

async function main(): Promise<void> {
  const sizes = sizesFromArgs(process.argv.slice(2));
  const slack: string[] = [];
  const graph: string[] = [];
  for (const size of sizes) {
    progress(`[${size}] Slack org…`);
    const s = await slackFigures(size);
    progress(`[${size}] Slack seeded in ${s.seedSeconds.toFixed(1)} s; Graph tenant…`);
    slack.push(
      row([
        size,
        ms(s.create),
        ms(s.userNameEq),
        ms(s.emailsEq),
        ms(s.page),
        `${ms(s.patch)} (${s.patchMembers})`,
        s.seedSeconds.toFixed(1),
      ]),
    );
    const g = await graphFigures(size);
    progress(`[${size}] Graph seeded in ${g.seedSeconds.toFixed(1)} s`);
    graph.push(
      row([size, ms(g.usersDelta), ms(g.groupsDelta), ms(g.assignments), ms(g.userByUpn), g.seedSeconds.toFixed(1)]),
    );
  }
  const out = [
    "Slack emulator, median ms per request",
    "",
    row(["users", "POST /Users", "userName eq", "emails eq", "page of 1,000", "PATCH + members (n)", "seed s"]),
    row(["---:", "---:", "---:", "---:", "---:", "---:", "---:"]),
    ...slack,
    "",
    `Graph emulator, median ms per request (delta pages of ${DELTA_PAGE}, appRoleAssignedTo pages of ${ASSIGNMENTS_PAGE})`,
    "",
    row(["users", "users/delta page", "groups/delta page", "appRoleAssignedTo page", "GET /users/{upn}", "seed s"]),
    row(["---:", "---:", "---:", "---:", "---:", "---:"]),
    ...graph,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
