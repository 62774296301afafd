/**
 * The Slack exchanges an on-demand run shows: recorded per asynchronous context (a run sees its own requests, not the
 * others' the same target serves meanwhile), with status and bodies, the token never in them, long bodies cut.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpClient } from "../../../shared/http/HttpClient";
import { ScimSlackTarget } from "../../../shared/slack/ScimSlackTarget";
import type { SlackExchange } from "../../../shared/slack/slackExchanges";
import { bodyOf, MAX_BODY_CHARS, recordSlackExchanges } from "../../../shared/slack/slackExchanges";

const TOKEN = "xoxp-unit-test-secret-token";

/** Answers each request after `ms` with the reply for its method; one answer echoes the token back (a hostile server). */
function slow(ms: number): HttpClient {
  return async (request) => {
    await new Promise((r) => setTimeout(r, ms));
    const body =
      request.method === "POST"
        ? { id: "U1", userName: "jane", note: `echo ${request.headers.authorization ?? ""}` }
        : { Resources: [], totalResults: 0 };
    const text = JSON.stringify(body);
    return {
      status: request.method === "POST" ? 201 : 200,
      headers: { get: () => null },
      text: () => Promise.resolve(text),
    };
  };
}

const target = (http: HttpClient) =>
  new ScimSlackTarget({
    scimBaseUrl: "https://slack.invalid/scim/v2",
    token: TOKEN,
    maxWritesPerMinute: 60_000,
    maxReadsPerMinute: 60_000,
    http,
  });

void describe("recordSlackExchanges", () => {
  void it("records the run's own requests only, with status and bodies, and never the token", async () => {
    const t = target(slow(5));
    const mine: SlackExchange[] = [];
    const other: SlackExchange[] = [];
    await Promise.all([
      recordSlackExchanges(mine, async () => {
        await t.findUsersByUserName("jane");
        await t.createUser({ userName: "jane" });
      }),
      recordSlackExchanges(other, () => t.findUsersByEmail("bob@contoso.example")),
      t.findUsersByUserName("not-recorded"), // outside any recording
    ]);
    assert.deepEqual(
      mine.map((x) => [x.method, x.path.split("?")[0], x.status]),
      [
        ["GET", "/Users", 200],
        ["POST", "/Users", 201],
      ],
    );
    assert.equal(other.length, 1);
    assert.match(other[0]?.path ?? "", /emails%20eq/);
    assert.deepEqual((mine[1]?.requestBody as { userName: string }).userName, "jane");
    assert.equal((mine[1]?.responseBody as { note: string }).note, "echo Bearer [redacted]");
    assert.equal(JSON.stringify([mine, other]).includes(TOKEN), false);
  });

  void it("a nested recording sees only its own exchanges, and the enclosing one sees them too", async () => {
    const t = target(slow(1));
    const outer: SlackExchange[] = [];
    const inner: SlackExchange[] = [];
    await recordSlackExchanges(outer, async () => {
      await t.findUsersByUserName("a");
      await recordSlackExchanges(inner, () => t.findUsersByUserName("b"));
    });
    assert.deepEqual(
      outer.map((e) => e.path),
      ["/Users?filter=userName%20eq%20%22a%22&count=100", "/Users?filter=userName%20eq%20%22b%22&count=100"],
    );
    assert.deepEqual(
      inner.map((e) => e.path),
      ["/Users?filter=userName%20eq%20%22b%22&count=100"],
    );
  });

  void it("keeps what was recorded when the work throws, a failed answer included", async () => {
    const t = new ScimSlackTarget({
      scimBaseUrl: "https://slack.invalid/scim/v2",
      token: TOKEN,
      maxWritesPerMinute: 60_000,
      maxReadsPerMinute: 60_000,
      http: () =>
        Promise.resolve({
          status: 409,
          headers: { get: () => null },
          text: () => Promise.resolve(JSON.stringify({ detail: "username_taken", status: "409" })),
        }),
    });
    const into: SlackExchange[] = [];
    await assert.rejects(recordSlackExchanges(into, () => t.createUser({ userName: "jane" })));
    assert.equal(into[0]?.status, 409);
    assert.deepEqual(into[0]?.responseBody, { detail: "username_taken", status: "409" });
  });
});

void describe("bodyOf", () => {
  void it("JSON when it parses, else the text; nothing for an empty body; long ones cut with their length", () => {
    assert.deepEqual(bodyOf('{"a":1}'), { a: 1 });
    assert.equal(bodyOf("not json"), "not json");
    assert.equal(bodyOf(""), undefined);
    assert.equal(bodyOf(undefined), undefined);
    const long = "x".repeat(MAX_BODY_CHARS + 10);
    assert.equal(bodyOf(long), `${"x".repeat(MAX_BODY_CHARS)}… (cut: ${MAX_BODY_CHARS + 10} characters in all)`);
  });
});
