import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RawActivityQuery } from "../../../shared/hosting/parseActivityQuery";
import { MAX_ACTIVITY_LIMIT, parseActivityQuery } from "../../../shared/hosting/parseActivityQuery";

const NOW = new Date("2026-11-30T12:00:00Z");
const none: RawActivityQuery = { from: null, to: null, limit: null, status: null, cycleId: null };

void describe("parseActivityQuery", () => {
  const cases: { name: string; raw: Partial<RawActivityQuery>; want: RegExp | Record<string, unknown> }[] = [
    {
      name: "defaults: the last 24 hours, 200 records",
      raw: {},
      want: { from: "2026-11-29T12:00:00.000Z", to: "2026-11-30T12:00:00.000Z", limit: 200 },
    },
    {
      name: "a window of 31 days is allowed",
      raw: { from: "2026-10-30T12:00:00Z" },
      want: { from: "2026-10-30T12:00:00.000Z", to: "2026-11-30T12:00:00.000Z", limit: 200 },
    },
    {
      name: "a wider window is refused (it would be one query per day)",
      raw: { from: "2026-10-29T11:59:59Z" },
      want: /wider than 31 days/,
    },
    {
      name: "the extreme dates of the attack are refused at once",
      raw: { from: "-271821-04-20T00:00:00Z", to: "+275760-09-13T00:00:00Z" },
      want: /to must be an ISO 8601 date/,
    },
    {
      name: "an invalid date is a 400, not an empty answer",
      raw: { from: "yesterday" },
      want: /from must be an ISO 8601/,
    },
    { name: "from after to", raw: { from: "2026-11-30T13:00:00Z" }, want: /from must be before to/ },
    { name: "a negative limit", raw: { limit: "-1" }, want: /limit must be a whole number from 1 to 5000/ },
    { name: "a zero limit", raw: { limit: "0" }, want: /limit must be/ },
    { name: "a fractional limit", raw: { limit: "1.5" }, want: /limit must be/ },
    { name: "a huge limit is clamped", raw: { limit: "9999999" }, want: { limit: MAX_ACTIVITY_LIMIT } },
    { name: "an unknown status", raw: { status: "Bogus" }, want: /status must be one of Success, Failure/ },
    {
      name: "a status and a cycle",
      raw: { status: "Failure", cycleId: "c1" },
      want: { status: "Failure", cycleId: "c1" },
    },
    { name: "an absurd cycle id", raw: { cycleId: "x".repeat(101) }, want: /cycleId must be 1 to 100/ },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = parseActivityQuery({ ...none, ...c.raw }, NOW);
      if (c.want instanceof RegExp) {
        assert.ok("problem" in got, JSON.stringify(got));
        assert.match(got.problem, c.want);
        return;
      }
      assert.ok(!("problem" in got), JSON.stringify(got));
      const shown = { ...got, from: got.from.toISOString(), to: got.to.toISOString() };
      for (const [key, value] of Object.entries(c.want)) assert.deepEqual(shown[key as keyof typeof shown], value, key);
    });
  }
});
