/**
 * Provision on demand, end to end through the local stack, while a cycle is running. The second cycle is held in its
 * groups round (the Graph emulator answers its groups/delta page after 12 s), so it has read no user yet when the
 * operator provisions on demand: a new user (enabled since the first cycle) is created, a changed one updated, one
 * out of scope gets the reason and nothing is written, and a group gets its members (one new, one changed) and the new
 * member in its Slack group. Then a cycle's run of another user holds that user's lease (its Slack lookup answers
 * after 4 s): on demand waits for it and finds the user in sync. The cycle converges, its own runs find everything in
 * sync, and Slack holds one user per Entra user. The command line does the same; the dashboard has the form.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { loadSettings } from "../../shared/config/Settings";
import type { EngineContext } from "../../shared/engine/EngineContext";
import type { OnDemandAnswer } from "../../shared/engine/onDemand/OnDemandResult";
import { createEngineContext } from "../../shared/runtime/createEngineContext";
import type { ActivityRecord } from "../../shared/state/ActivityRecord";
import { runCycle, status, waitForConvergence } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const DOMAIN = "contoso.example";
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

void describe("provision on demand, end to end, while a cycle is running", () => {
  let stack: LocalStack;
  /** The stack's state, read as the CLI reads it (never written by the test). */
  let state: EngineContext;
  const id: Record<string, string> = {};
  let design = "";
  let cycle2 = "";

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      settings: {
        SLACK_MAX_WRITES_PER_MINUTE: "6000",
        SLACK_MAX_READS_PER_MINUTE: "6000",
        DEACTIVATION_THRESHOLD_PERCENT: "100",
      },
      seed: (graph) => {
        const d = graph.directory;
        const mk = (local: string, props: Record<string, unknown> = {}) => {
          id[local] = d.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local.replace(".", " "),
            givenName: "On",
            surname: "Demand",
            jobTitle: "Engineer",
            accountEnabled: true,
            ...props,
          }).id;
          return id[local];
        };
        for (const local of ["carl.change", "nina.new"]) d.assign({ principalId: mk(local) });
        d.updateUser(id["nina.new"] as string, { accountEnabled: false }); // a hire not started yet
        mk("otto.out"); // never assigned
        design = d.createGroup({
          displayName: "Design",
          members: [mk("dora.member"), mk("gina.member", { accountEnabled: false })],
        }).id;
        d.assign({ principalId: design, principalType: "Group" });
      },
    });
    state = createEngineContext(loadSettings(stack.settings), quiet);
    await runCycle(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  const slackUsers = (local: string) => stack.slack.store.listUsers().filter((u) => u.userName === local);
  const provision = async (kind: "users" | "groups", who: string) => {
    const res = await fetch(`${stack.apiUrl()}/provision/${kind}/${encodeURIComponent(who)}`, { method: "POST" });
    const text = await res.text();
    assert.equal(text.includes(stack.settings.SLACK_TOKEN ?? "?"), false, "the Slack token never appears");
    return { status: res.status, body: JSON.parse(text) as OnDemandAnswer & { error?: { message: string } } };
  };
  const activity = async (objectId: string): Promise<ActivityRecord[]> =>
    (await (await fetch(`${stack.apiUrl()}/activity/users/${objectId}`)).json()) as ActivityRecord[];

  void it("the first cycle provisioned the assigned, enabled users and Design with its one enabled member", () => {
    assert.equal(slackUsers("carl.change").length, 1);
    assert.equal(slackUsers("dora.member").length, 1);
    assert.equal(slackUsers("nina.new").length, 0, "sign-in blocked: not created");
    assert.equal(slackUsers("gina.member").length, 0);
    assert.equal(stack.slack.store.listGroups().find((g) => g.displayName === "Design")?.members?.length, 1);
  });

  void it("during the cycle's groups round: creates a new user, updates a changed one, explains one out of scope, provisions a group and its members", async () => {
    const d = stack.graph.directory;
    d.updateUser(id["nina.new"] as string, { accountEnabled: true });
    d.updateUser(id["gina.member"] as string, { accountEnabled: true });
    d.updateUser(id["carl.change"] as string, { jobTitle: "Staff Engineer" });
    d.updateUser(id["dora.member"] as string, { jobTitle: "Lead Designer" });
    id["blocker.user"] = d.createUser({
      userPrincipalName: `blocker.user@${DOMAIN}`,
      mail: `blocker.user@${DOMAIN}`,
      displayName: "blocker user",
      accountEnabled: true,
    }).id;
    d.assign({ principalId: id["blocker.user"] });
    d.injectFault({ pathContains: "groups/delta", hangMs: 12_000, count: 1 });
    stack.slack.store.injectFault({ method: "GET", pathContains: "blocker.user", hangMs: 4_000, times: 1 });
    const started = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
    cycle2 = ((await started.json()) as { cycleId: string }).cycleId;
    assert.equal(started.status, 202);

    // A new user: Slack has never seen it; created now, by UPN.
    const nina = await provision("users", `nina.new@${DOMAIN}`);
    assert.equal(nina.status, 200, JSON.stringify(nina.body));
    assert.equal(nina.body.action, "Create");
    assert.equal(nina.body.status, "Success");
    assert.deepEqual(
      nina.body.steps.map((s) => s.name),
      ["import", "scope", "match", "action"],
    );
    assert.equal(nina.body.recorded, true);
    assert.equal(nina.body.cycleId, cycle2, "recorded in the running cycle, marked as on demand");
    const post = nina.body.slack.find((x) => x.method === "POST");
    assert.equal(post?.path, "/Users");
    assert.equal(post?.status, 201);
    assert.equal(slackUsers("nina.new").length, 1);
    const [ninaRecord] = await activity(id["nina.new"] as string);
    assert.equal(ninaRecord?.trigger, "onDemand");
    assert.equal(ninaRecord?.requestedBy, "local operator (API)");

    // A changed user: the change the cycle has not read yet is sent now, just that attribute.
    const carl = await provision("users", id["carl.change"] as string);
    assert.equal(carl.body.action, "Update");
    assert.deepEqual(carl.body.modifiedProperties, [
      { name: "title", oldValue: "Engineer", newValue: "Staff Engineer" },
    ]);
    assert.ok(carl.body.slack.some((x) => x.method === "PATCH" && x.status >= 200 && x.status < 300));
    assert.equal(slackUsers("carl.change")[0]?.title, "Staff Engineer");

    // Out of scope: the reason, and nothing written anywhere.
    const requestsBefore = stack.slack.store.requests().length;
    const otto = await provision("users", `otto.out@${DOMAIN}`);
    assert.equal(otto.status, 200);
    assert.equal(otto.body.recorded, false);
    assert.equal(otto.body.action, "Skip");
    assert.match(otto.body.reason, /not assigned to the Slack application/);
    assert.match(otto.body.scopeAsOf, /^Scope as of cycle /);
    assert.equal(stack.slack.store.requests().length, requestsBefore, "no Slack request");
    assert.equal(await state.links.get(state.jobId, id["otto.out"] as string), undefined, "no link row");
    assert.deepEqual(await activity(id["otto.out"] as string), [], "no activity record");

    // A group: its members first (one changed, one new), then the Slack group gets the new member.
    const group = await provision("groups", design);
    assert.equal(group.status, 200, JSON.stringify(group.body));
    assert.equal(group.body.members?.total, 2);
    assert.deepEqual(group.body.members?.byAction, { Create: 1, Update: 1 });
    assert.equal(group.body.action, "Update");
    assert.deepEqual(group.body.membersAdded, [`gina.member@${DOMAIN}`]);
    const slackDesign = stack.slack.store.listGroups().find((g) => g.displayName === "Design");
    assert.equal(slackDesign?.members?.length, 2);
    assert.equal(slackUsers("dora.member")[0]?.title, "Lead Designer");

    // All of it while the cycle was running and before it had read a single user.
    const now = await status(stack);
    assert.equal(now.cycleId, cycle2);
    assert.equal(now.converged, false);
    assert.equal(now.pagesRead, 0, "the cycle had not read the users yet (its groups round was still held)");
  });

  void it("a cycle's run holds a user's lease: on demand waits for it, finds the user in sync, and never duplicates it", async () => {
    const blocker = id["blocker.user"] as string;
    await waitFor(async () => (await state.links.get(state.jobId, blocker))?.link.leaseOwner !== undefined, {
      timeoutMs: 40_000,
      intervalMs: 50,
      what: "the cycle's run of blocker.user to hold its lease",
    });
    const r = await provision("users", blocker);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.waitedForLeaseMs > 0, "it waited for the cycle's run");
    assert.equal(r.body.action, "Skip");
    assert.match(r.body.reason, /in sync/);
    assert.equal(slackUsers("blocker.user").length, 1);
  });

  void it("the cycle converges; its runs find the on-demand work in sync, and Slack holds one user per Entra user", async () => {
    const report = await waitForConvergence(stack, cycle2, 90_000);
    assert.equal(report.converged, true);
    for (const local of ["carl.change", "nina.new", "dora.member", "gina.member", "blocker.user"]) {
      assert.equal(slackUsers(local).length, 1, `one Slack user ${local}`);
    }
    assert.equal(slackUsers("otto.out").length, 0);
    assert.equal(slackUsers("carl.change")[0]?.title, "Staff Engineer", "nothing undid the on-demand update");
    for (const local of ["nina.new", "carl.change", "gina.member"]) {
      const cycleRuns = (await activity(id[local] as string)).filter(
        (x) => x.cycleId === cycle2 && x.trigger !== "onDemand",
      );
      assert.ok(
        cycleRuns.every((x) => x.action === "Skip"),
        `the cycle's own runs of ${local} found it in sync: ${JSON.stringify(cycleRuns.map((x) => x.reason))}`,
      );
    }
    const creates = stack.slack.store.requests().filter((x) => x.method === "POST" && x.path.endsWith("/Users"));
    // carl and dora in the first cycle; nina, gina and blocker since: one each, and no other.
    assert.equal(creates.length, 5, JSON.stringify(creates));
  });

  void it("npm run provision does the same from the command line (settings of the running stack)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "provision-cli-"));
    try {
      const file = join(dir, "settings.json");
      writeFileSync(file, JSON.stringify({ Values: stack.settings }));
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, [join(__dirname, "..", "..", "dev", "cli", "provision.js"), ...args]);
          let out = "";
          child.stdout.on("data", (b: Buffer) => (out += b.toString()));
          child.on("close", (code) => resolve({ code, out }));
        });
      const json = await run([`otto.out@${DOMAIN}`, "--json", "--settings", file]);
      assert.equal(json.code, 0);
      const parsed = JSON.parse(json.out) as { kind: string; answer: OnDemandAnswer };
      assert.equal(parsed.kind, "done");
      assert.equal(parsed.answer.recorded, false);
      const human = await run([`carl.change@${DOMAIN}`, "--settings", file]);
      assert.equal(human.code, 0, human.out);
      assert.match(human.out, /^User carl\.change@contoso\.example \(.+\): Skip, Skipped/);
      assert.match(human.out, /1 import +Success +Read carl\.change@contoso\.example from Entra ID/);
      const [latest] = await activity(id["carl.change"] as string);
      assert.match(latest?.requestedBy ?? "", /\(npm run provision\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it("the dashboard has the on-demand form, and its CSP still allows exactly its script", async () => {
    const res = await fetch(`${stack.apiUrl()}/dashboard`);
    const html = await res.text();
    assert.ok(html.includes('call("provision/" + kind + "/" + encodeURIComponent(id), "POST")'));
    assert.ok(html.includes('provision($("odKind").value, id, "odResult")'));
    assert.match(html, /<input id="odId"/);
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    const hash = createHash("sha256").update(script, "utf8").digest("base64");
    assert.ok((res.headers.get("content-security-policy") ?? "").includes(`script-src 'sha256-${hash}'`));
  });
});
