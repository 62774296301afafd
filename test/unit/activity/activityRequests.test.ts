import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  activityRequests,
  MAX_REQUEST_BODY_CHARS,
  MAX_REQUESTS,
  MAX_REQUESTS_CHARS,
} from "../../../shared/activity/activityRequests";
import { fitActivityRecord, MAX_RECORD_CHARS } from "../../../shared/activity/fitActivityRecord";
import { NO_SENSITIVE_SLOTS, sensitiveSlots } from "../../../shared/activity/SensitiveSlots";
import { TARGET } from "../../../shared/mapping/scimTargets";
import type { SlackExchange } from "../../../shared/slack/slackExchanges";
import { activityRecord } from "../../support/memory/activityRecord";

const post = (over: Partial<SlackExchange> = {}): SlackExchange => ({
  method: "POST",
  path: "/Users",
  status: 201,
  durationMs: 12,
  requestBody: { userName: "ann", title: "Engineer" },
  responseBody: { id: "U1", userName: "ann", title: "Engineer" },
  ...over,
});

void describe("activityRequests", () => {
  void it("keeps method, path, status, duration and the bodies as JSON text, redacted", () => {
    const s = sensitiveSlots([{ target: TARGET.title, sensitive: true }]);
    assert.deepEqual(activityRequests([post()], s), [
      {
        method: "POST",
        path: "/Users",
        status: 201,
        durationMs: 12,
        request: '{"userName":"ann","title":"[redacted]"}',
        response: '{"id":"U1","userName":"ann","title":"[redacted]"}',
      },
    ]);
  });

  void it("no answer: no status, the error says why", () => {
    const [r] = activityRequests(
      [post({ status: 0, responseBody: undefined, error: "ECONNRESET" })],
      NO_SENSITIVE_SLOTS,
    );
    assert.equal(r?.status, undefined);
    assert.equal(r?.error, "ECONNRESET");
    assert.equal(r?.response, undefined);
  });

  void it("a text body: kept (secrets redacted) without sensitive attributes, not kept with them", () => {
    const text = post({ responseBody: "<html>oops xoxp-1-2</html>" });
    assert.equal(activityRequests([text], NO_SENSITIVE_SLOTS)[0]?.response, "<html>oops [redacted]</html>");
    const s = sensitiveSlots([{ target: TARGET.title, sensitive: true }]);
    const [kept] = activityRequests([text], s);
    assert.match(kept?.response ?? "", /^\[not kept: 26 characters that are not JSON/);
    assert.equal(kept?.truncated, true);
  });

  void it("cuts a long body at its cap and says so", () => {
    const [r] = activityRequests([post({ requestBody: { note: "x".repeat(10_000) } })], NO_SENSITIVE_SLOTS);
    assert.equal(r?.request?.length, MAX_REQUEST_BODY_CHARS);
    assert.ok(r?.request?.endsWith("…"));
    assert.equal(r?.truncated, true);
  });

  void it("keeps the first requests and the last, marking the gap", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      post({ path: `/Groups/G${i}`, requestBody: undefined, responseBody: undefined }),
    );
    const kept = activityRequests(many, NO_SENSITIVE_SLOTS);
    assert.equal(kept.length, MAX_REQUESTS);
    assert.equal(kept.at(-2)?.path, `/Groups/G${MAX_REQUESTS - 2}`);
    assert.equal(kept.at(-1)?.path, "/Groups/G29");
    assert.equal(kept.at(-1)?.truncated, true);
  });

  void it("any exchanges fit the per-record budget; bodies are capped; order is kept", () => {
    const body = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 6000 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 3000 }), { maxKeys: 4 }),
    );
    const exchange = fc.record({
      method: fc.constantFrom("GET", "POST", "PATCH", "DELETE"),
      path: fc.string({ maxLength: 600 }).map((p) => `/Users/${p}`),
      status: fc.constantFrom(0, 200, 201, 204, 400, 409, 429, 500),
      durationMs: fc.nat(100_000),
      requestBody: body,
      responseBody: body,
      error: fc.option(fc.string({ maxLength: 1000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(exchange, { maxLength: 40 }), fc.boolean(), (list, withSensitive) => {
        const exchanges = list.map((e) => JSON.parse(JSON.stringify(e)) as SlackExchange);
        const s = withSensitive ? sensitiveSlots([{ target: TARGET.title, sensitive: true }]) : NO_SENSITIVE_SLOTS;
        const kept = activityRequests(exchanges, s);
        assert.ok(JSON.stringify(kept).length <= MAX_REQUESTS_CHARS);
        assert.ok(kept.length <= MAX_REQUESTS);
        for (const r of kept) {
          assert.ok((r.request?.length ?? 0) <= MAX_REQUEST_BODY_CHARS);
          assert.ok((r.response?.length ?? 0) <= MAX_REQUEST_BODY_CHARS);
        }
        if (exchanges.length > 0) assert.ok(kept.length > 0, "a run's first request is always kept");
        const sources =
          exchanges.length <= MAX_REQUESTS
            ? exchanges
            : [...exchanges.slice(0, MAX_REQUESTS - 1), ...exchanges.slice(-1)];
        assert.deepEqual(
          kept.map((r) => `${r.method} ${r.durationMs}`),
          sources.slice(0, kept.length).map((e) => `${e.method} ${e.durationMs}`),
        );
      }),
      { numRuns: 150 },
    );
  });
});

void describe("fitActivityRecord", () => {
  void it("leaves a record that fits as it is", () => {
    const r = activityRecord({ requests: [{ method: "GET", path: "/Users/U1", status: 200, response: "{}" }] });
    assert.equal(fitActivityRecord(r), r);
  });

  void it("a group record of thousands of members always fits; the bodies go first", () => {
    const members = Array.from({ length: 5000 }, (_, i) => `member.number.${i}@contoso.example`);
    const r = activityRecord({
      objectType: "Group",
      membersAdded: members,
      requests: [
        { method: "POST", path: "/Groups", status: 201, request: "x".repeat(4000), response: "y".repeat(4000) },
      ],
    });
    const fitted = fitActivityRecord(r);
    assert.ok(JSON.stringify(fitted).length <= MAX_RECORD_CHARS);
    assert.equal(fitted.membersAdded?.at(-1), "… and 4950 more");
    assert.equal(fitted.requests, undefined);
  });

  void it("any record fits in the stored size", () => {
    const long = fc.string({ maxLength: 5000 });
    fc.assert(
      fc.property(
        fc.array(long, { maxLength: 12 }),
        fc.array(fc.string({ maxLength: 80 }), { maxLength: 800 }),
        long,
        (values, members, reason) => {
          const r = activityRecord({
            reason,
            steps: values.map((detail) => ({ name: "action" as const, status: "Success" as const, detail })),
            modifiedProperties: values.map((v) => ({ name: "title", oldValue: v, newValue: v })),
            membersAdded: members,
            membersRemoved: members,
            requests: values.map((v) => ({ method: "PATCH", path: "/Users/U1", request: v, response: v })),
          });
          assert.ok(JSON.stringify(fitActivityRecord(r, 20_000)).length <= 20_000);
        },
      ),
      { numRuns: 60 },
    );
  });
});
