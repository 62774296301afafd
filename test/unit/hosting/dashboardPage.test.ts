/**
 * The dashboard's own script, run in a VM context against a minimal DOM and a fake operator API: what it shows of the
 * Graph change-notification subscriptions /api/status reports, and that every value lands in a text node (the fake
 * elements refuse innerHTML and outerHTML, and getElementById knows only the ids the page declares).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { createContext, runInContext } from "node:vm";
import type { HttpRequest } from "@azure/functions";
import { dashboard, DASHBOARD_CSP } from "../../../functions/dashboard";
import type { NotificationStatus } from "../../../shared/notifications/notificationStatus";
import { waitFor } from "../../support/waitFor";

class FakeText {
  constructor(readonly data: string) {}
}

class FakeElement {
  children: (FakeElement | FakeText)[] = [];
  className = "";
  hidden = false;
  value = "";
  type = "";
  title = "";
  max = 0;
  style: Record<string, string> = {};
  onclick: unknown;
  constructor(readonly tag: string) {}
  appendChild<T extends FakeElement | FakeText>(child: T): T {
    this.children.push(child);
    return child;
  }
  append(...children: (FakeElement | FakeText)[]): void {
    this.children.push(...children);
  }
  replaceChildren(...children: (FakeElement | FakeText)[]): void {
    this.children = children;
  }
  set textContent(value: string) {
    this.children = [new FakeText(String(value))];
  }
  get textContent(): string {
    return this.children.map((c) => (c instanceof FakeText ? c.data : c.textContent)).join("");
  }
  set innerHTML(_: string) {
    throw new Error("the dashboard set innerHTML");
  }
  set outerHTML(_: string) {
    throw new Error("the dashboard set outerHTML");
  }
}

type Status = Record<string, unknown> & { notifications?: NotificationStatus };

const BASE_STATUS: Status = {
  cycleId: "c1",
  full: false,
  converged: true,
  phase: "committed",
  backlog: 0,
  counts: { byAction: {}, byStatus: {}, total: 0 },
  groupCounts: { byAction: {}, byStatus: {}, total: 0 },
  rejected: [],
  rejectedTotal: 0,
  escrowed: { entries: [] },
};

/** Runs the page's script once against `status` and returns its elements by id once the first refresh has drawn. */
async function render(status: Status, more: Record<string, unknown> = {}): Promise<Map<string, FakeElement>> {
  const res = await dashboard({} as HttpRequest);
  const html = res.body;
  assert.ok(typeof html === "string", "the page is a string body");
  const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
  const elements = new Map<string, FakeElement>();
  for (const [, tag, id] of html.matchAll(/<(\w+)[^>]*\sid="([^"]+)"/g)) {
    elements.set(id as string, new FakeElement(tag as string));
  }
  const answers: Record<string, unknown> = {
    status,
    "status/slack": { users: { total: 3, active: 2 }, groups: 1 },
    "activity?limit=50": [],
    ...more,
  };
  const context = createContext({
    document: {
      getElementById: (id: string) => elements.get(id) ?? null,
      createElement: (tag: string) => new FakeElement(tag),
      createTextNode: (s: string) => new FakeText(s),
    },
    fetch: (path: string) => {
      const body = answers[path];
      return Promise.resolve(
        body === undefined
          ? { ok: false, status: 404, json: () => Promise.resolve({}) }
          : { ok: true, status: 200, json: () => Promise.resolve(body) },
      );
    },
    setInterval: () => 0,
    confirm: () => false,
  });
  runInContext(script, context);
  await waitFor(() => elements.get("notif")?.textContent !== "" || elements.get("err")?.textContent !== "", {
    what: "the first refresh",
  });
  assert.equal(elements.get("err")?.textContent, "", "the page drew without an error");
  return elements;
}

/** The rows of a table body as cell texts, checking each cell holds only text nodes. */
function rows(body: FakeElement | undefined): string[][] {
  return (body?.children ?? []).map((tr) => {
    assert.ok(tr instanceof FakeElement && tr.tag === "tr");
    return tr.children.map((td) => {
      assert.ok(td instanceof FakeElement && td.tag === "td");
      assert.ok(
        td.children.every((c) => c instanceof FakeText),
        "a cell holds text nodes only",
      );
      return td.textContent;
    });
  });
}

const when = (iso: string) => new Date(iso).toLocaleString();

void describe("dashboard page: Graph change notifications", () => {
  void it("lists each subscription from /api/status: resource, id, expiry, last notification, last error", async () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const notifications: NotificationStatus = {
      enabled: true,
      subscriptions: [
        {
          resource: "users",
          id: "sub-users-1",
          expiresAt: "2026-06-01T10:00:00.000Z",
          lastNotificationAt: "2026-05-02T09:30:00.000Z",
        },
        {
          resource: "groups",
          lastError: { code: "ValidationError", message: hostile, at: "2026-05-02T09:00:00.000Z" },
        },
      ],
      latestNotifiedAt: "2026-05-02T09:30:00.000Z",
      catchUpPending: true,
    };
    const el = await render({ ...BASE_STATUS, notifications });
    assert.equal(
      el.get("notif")?.textContent,
      "On: a change in Entra starts an incremental cycle within seconds. Latest notification " +
        `${when("2026-05-02T09:30:00.000Z")}. A catch-up cycle is pending.`,
    );
    assert.deepEqual(rows(el.get("subscriptions")), [
      ["users", "sub-users-1", when("2026-06-01T10:00:00.000Z"), when("2026-05-02T09:30:00.000Z"), ""],
      ["groups", "none yet", "–", "none yet", `ValidationError: ${hostile} (${when("2026-05-02T09:00:00.000Z")})`],
    ]);
    const failing = el.get("subscriptions")?.children[1] as FakeElement;
    assert.equal((failing.children[4] as FakeElement).className, "Failure");
  });

  void it("on, nothing received yet and no catch-up pending", async () => {
    const el = await render({
      ...BASE_STATUS,
      notifications: { enabled: true, subscriptions: [{ resource: "users", id: "s1" }], catchUpPending: false },
    });
    assert.equal(
      el.get("notif")?.textContent,
      "On: a change in Entra starts an incremental cycle within seconds. No notification received yet.",
    );
    assert.deepEqual(rows(el.get("subscriptions")), [["users", "s1", "–", "none yet", ""]]);
  });

  void it("off: says so, and lists no subscription", async () => {
    const el = await render({
      ...BASE_STATUS,
      notifications: { enabled: false, subscriptions: [], catchUpPending: false },
    });
    assert.match(el.get("notif")?.textContent ?? "", /^Off \(GRAPH_NOTIFICATIONS is not set\)/);
    assert.deepEqual(rows(el.get("subscriptions")), []);
  });

  void it("an API without the notifications field: the rest of the page still draws", async () => {
    const el = await render(BASE_STATUS);
    assert.equal(el.get("notif")?.textContent, "Not reported by this version of the API.");
    assert.match(el.get("cycle")?.textContent ?? "", /^Cycle c1 · incremental · converged/);
  });
});

void describe("dashboard page: drift scan, sinks and CSP", () => {
  void it("shows the drift scan and writes values as text only", async () => {
    const answer = await dashboard({} as HttpRequest);
    assert.equal(typeof answer.body, "string");
    const page = answer.body as string;
    assert.match(page, /id="drift"/);
    assert.match(page, /id="driftScan"/);
    assert.match(page, /act\("drift\/scan"\)/);
    for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("]) {
      assert.ok(!page.includes(sink), `the page never uses ${sink}`);
    }
    const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1] ?? "";
    const hash = `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
    assert.ok(DASHBOARD_CSP.includes(`script-src ${hash}`), "the CSP names the page's own script");
  });

  void it("draws the last drift scan from /api/status as text", async () => {
    const el = await render({
      ...BASE_STATUS,
      drift: {
        mode: "repair",
        intervalHours: 24,
        last: {
          finishedAt: "2026-05-02T09:30:00.000Z",
          mode: "repair",
          usersRead: 10,
          managed: 8,
          drifted: 2,
          findings: 3,
          repairsQueued: 2,
          repaired: 2,
          repairFailed: 0,
        },
      },
    });
    const text = el.get("drift")?.textContent ?? "";
    assert.match(
      text,
      /10 Slack user\(s\) read, 8 managed, 2 drifted \(3 finding\(s\)\), 2 repair\(s\) queued, 2 repaired/,
    );
    assert.match(text, /Mode repair, every 24 h\./);
  });
});

/** Every text under an element, cell by cell, failing if any value was set as markup (the fakes refuse it). */
function cellTexts(body: FakeElement | undefined): string[][] {
  return (body?.children ?? []).map((tr) => (tr as FakeElement).children.map((td) => (td as FakeElement).textContent));
}

void describe("dashboard page: needs attention and history", () => {
  const hostile = '<img src=x onerror="alert(1)">';
  const attention = {
    jobId: "slack",
    entries: [
      {
        objectType: "User",
        objectId: "u1",
        identity: "priya@contoso.example",
        kind: "failed",
        action: "Create",
        errorCode: "invalid_name_specials",
        reason: `Remove the @ from the display name ${hostile}`,
        at: "2026-05-02T09:00:00.000Z",
        cycleId: "c1",
      },
      {
        objectType: "User",
        objectId: "u2",
        kind: "escrowed",
        action: "Update",
        errorCode: "Throttled",
        reason: "Retried automatically.",
        at: "2026-05-02T09:00:00.000Z",
        cycleId: "c1",
        nextAttemptAt: "2026-05-02T10:00:00.000Z",
      },
    ],
    more: false,
    held: {
      summary: null,
      entries: [{ objectType: "User", objectId: "u3", identity: "sam@contoso.example", evidence: "unassigned." }],
      more: false,
    },
  };

  void it("lists held removals first, then each entry with its state, code, reason and next attempt, as text", async () => {
    const el = await render(BASE_STATUS, { "attention?limit=200": attention });
    await waitFor(() => (el.get("attention")?.children.length ?? 0) === 3, { what: "the attention rows" });
    const rows = cellTexts(el.get("attention"));
    assert.deepEqual(
      rows.map((r) => r.slice(0, 5)),
      [
        [
          "sam@contoso.example",
          "User",
          "held by the deletion guard",
          "RemovalHeld",
          "Would be deactivated: unassigned. Approve to apply, reject to keep.",
        ],
        [
          "priya@contoso.example",
          "User",
          "failed",
          "invalid_name_specials",
          `Remove the @ from the display name ${hostile}`,
        ],
        ["u2", "User", "escrowed (retried automatically)", "Throttled", "Retried automatically."],
      ],
    );
    assert.equal(rows[2]?.[5], `next attempt ${when("2026-05-02T10:00:00.000Z")}`);
    assert.deepEqual(
      rows.map((r) => r[6]),
      ["Approve Reject", "Retry now", "Retry now"],
    );
    assert.equal(el.get("attNote")?.textContent, "3 user(s) and group(s) need attention.");
  });

  void it("a route the API lacks says so in its own section; the rest of the page draws", async () => {
    const el = await render(BASE_STATUS);
    await waitFor(() => el.get("attNote")?.textContent !== "", { what: "the attention note" });
    assert.match(
      el.get("attNote")?.textContent ?? "",
      /^Not available: not available in this version of the API \(attention\)/,
    );
    assert.equal(el.get("err")?.textContent, "");
  });

  void it("draws the cycle history and sums the chart's last 24 hours", async () => {
    const now = Date.now();
    const cycle = (id: string, minutesAgo: number, creates: number, failures: number) => ({
      jobId: "slack",
      cycleId: id,
      trigger: "manual",
      full: id === "c1",
      startedAt: new Date(now - minutesAgo * 60_000 - 30_000).toISOString(),
      finishedAt: new Date(now - minutesAgo * 60_000).toISOString(),
      durationSeconds: 30,
      objectsRead: 300,
      counts: { byAction: { Create: creates }, byStatus: { Failure: failures }, total: creates },
      groupCounts: { byAction: {}, byStatus: {}, total: 0 },
      rejectedTotal: failures,
    });
    const el = await render(BASE_STATUS, {
      "cycles/history?limit=200": { jobId: "slack", cycles: [cycle("c2", 5, 2, 0), cycle("c1", 90, 250, 4)] },
    });
    await waitFor(() => (el.get("cycles")?.children.length ?? 0) === 2, { what: "the history rows" });
    assert.deepEqual(
      cellTexts(el.get("cycles")).map((r) => r.slice(1)),
      [
        ["manual", "incremental", "30.0 s", "300", "2", "0", "0", "0", "0"],
        ["manual", "full", "30.0 s", "300", "250", "0", "0", "4", "4"],
      ],
    );
    assert.equal(
      el.get("chartText")?.textContent,
      "Last 24 hours: 252 created, 0 updated, 0 deactivated, 4 failed (from the cycle history).",
    );
    assert.equal(el.get("chart")?.children.length, 24);
  });
});

void describe("dashboard page: progress of a running cycle", () => {
  void it("shows pages read, objects processed of the last full cycle's total, and the time left", async () => {
    const full = {
      jobId: "slack",
      cycleId: "c0",
      full: true,
      startedAt: "2026-05-01T09:00:00.000Z",
      finishedAt: "2026-05-01T09:10:00.000Z",
      durationSeconds: 600,
      objectsRead: 1000,
      counts: { byAction: {}, byStatus: {}, total: 0 },
      groupCounts: { byAction: {}, byStatus: {}, total: 0 },
      rejectedTotal: 0,
    };
    const running = {
      ...BASE_STATUS,
      converged: false,
      phase: "reading",
      pagesRead: 3,
      objectsRead: 300,
      backlog: 50,
      durationSeconds: 100,
    };
    const el = await render(running, { "cycles/history?limit=200": { jobId: "slack", cycles: [full] } });
    await waitFor(() => (el.get("cycles")?.children.length ?? 0) === 1, { what: "the history" });
    assert.equal(el.get("prog")?.hidden, false);
    assert.deepEqual([el.get("prog")?.value, el.get("prog")?.max], [250, 1000]);
    // 250 processed in 100 s: 750 left take about 300 s.
    assert.equal(
      el.get("progLine")?.textContent,
      "Reading Entra: 3 page(s) read, 250 of about 1000 object(s) processed (the last full cycle read 1000), " +
        "about 300 s left.",
    );
  });

  void it("without a full cycle to compare with: what is processed of what is read, and no estimate", async () => {
    const el = await render({ ...BASE_STATUS, converged: false, phase: "reading", objectsRead: 300, backlog: 50 });
    assert.equal(
      el.get("progLine")?.textContent,
      "Reading Entra: 0 page(s) read, 250 object(s) processed of 300 read so far (no full cycle to compare with yet).",
    );
  });

  void it("hides the bar when the cycle has converged", async () => {
    const el = await render(BASE_STATUS);
    assert.equal(el.get("prog")?.hidden, true);
    assert.equal(el.get("progLine")?.textContent, "No cycle running.");
  });
});
