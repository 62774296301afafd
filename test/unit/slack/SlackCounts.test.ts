/**
 * Slack's counts for the status and the dashboard: two one-item requests a poll whatever the org's size; the active
 * users counted in the background at most once per ten minutes, one count at a time; `exact` counts now.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACTIVE_COUNT_TTL_MS, SlackCounts } from "../../../shared/slack/SlackCounts";
import { InMemorySlack } from "../../support/memory/InMemorySlack";

function fakeSource() {
  const calls = { countUsers: 0, totalUsers: 0, countGroups: 0 };
  let fail = false;
  const source = {
    countUsers: () => {
      calls.countUsers++;
      return fail ? Promise.reject(new Error("Slack said no")) : Promise.resolve({ total: 1500, active: 1200 });
    },
    totalUsers: () => {
      calls.totalUsers++;
      return Promise.resolve(1500);
    },
    countGroups: () => {
      calls.countGroups++;
      return Promise.resolve(12);
    },
  };
  return { source, calls, failNext: (f: boolean) => (fail = f) };
}

void describe("SlackCounts", () => {
  void it("the first read has the totals and starts a count of the active users; the next read shows it", async () => {
    let now = 1_000_000;
    const { source, calls } = fakeSource();
    const counts = new SlackCounts(source, () => now);
    assert.deepEqual(await counts.read(), { users: { total: 1500 }, groups: 12 });
    await counts.settled();
    now += 1000;
    assert.deepEqual(await counts.read(), {
      users: { total: 1500, active: 1200, activeAsOf: new Date(1_000_000).toISOString() },
      groups: 12,
    });
    assert.deepEqual(calls, { countUsers: 1, totalUsers: 2, countGroups: 2 });
  });

  void it("polls within ten minutes reuse the count; after them it is counted again; concurrent polls count once", async () => {
    let now = 0;
    const { source, calls } = fakeSource();
    const counts = new SlackCounts(source, () => now);
    await Promise.all([counts.read(), counts.read(), counts.read()]);
    await counts.settled();
    assert.equal(calls.countUsers, 1, "one count for three concurrent polls");
    for (let i = 0; i < 20; i++) {
      now += 20_000;
      await counts.read();
    }
    await counts.settled();
    assert.equal(calls.countUsers, 1, "20 polls over 400 s: no new count");
    now += ACTIVE_COUNT_TTL_MS;
    await counts.read();
    await counts.settled();
    assert.equal(calls.countUsers, 2);
  });

  void it("a failed count is reported and tried again at the next poll; exact counts now", async () => {
    const { source, calls, failNext } = fakeSource();
    const errors: unknown[] = [];
    const counts = new SlackCounts(
      source,
      () => 0,
      (e) => errors.push(e),
    );
    failNext(true);
    await counts.read();
    await counts.settled();
    assert.equal(errors.length, 1);
    failNext(false);
    await counts.read();
    await counts.settled();
    assert.equal(calls.countUsers, 2);
    const exact = await counts.read({ exact: true });
    assert.deepEqual(exact.users, { total: 1500, active: 1200, activeAsOf: new Date(0).toISOString() });
    assert.equal(calls.countUsers, 3);
  });

  void it("against the Slack emulator: a total is one request of one item, whatever the org's size", async () => {
    const slack = new InMemorySlack();
    for (let i = 0; i < 1_234; i++)
      await slack.createUser({ userName: `user${i}`, emails: [{ value: `u${i}@x.example`, primary: true }] });
    slack.requests.length = 0;
    assert.equal(await slack.totalUsers(), 1_234);
    assert.equal(await slack.countGroups(), 0);
    assert.deepEqual(
      slack.requests.map((r) => `${r.method} ${r.path}`),
      ["GET /Users?startIndex=1&count=1", "GET /Groups?startIndex=1&count=1"],
    );
  });
});
