import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import {
  CredentialError,
  isRetryable,
  ProvisioningError,
  SlackRejectedError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../shared/http/HttpClient";
import type { HttpRetryOptions } from "../../../shared/retry/HttpRetryOptions";
import { ScimSlackTarget } from "../../../shared/slack/ScimSlackTarget";

const TOKEN = "xoxp-unit-test-secret-token";

/** An answer of the fake: a response, or a thrown network error. */
type Answer =
  { status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> } | { throws: Error };

/** A fake HttpClient that plays `answers` in order (the last one repeats) and records every request. */
function fakeHttp(answers: Answer[]): { http: HttpClient; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const http: HttpClient = (request) => {
    requests.push(request);
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error("no answer configured");
    if ("throws" in answer) return Promise.reject(answer.throws);
    const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const text = answer.rawBody ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
    const response: HttpResponse = {
      status: answer.status,
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      text: () => Promise.resolve(text),
    };
    return Promise.resolve(response);
  };
  return { http, requests };
}

function target(answers: Answer[], retry: Partial<HttpRetryOptions> = {}) {
  const fake = fakeHttp(answers);
  const t = new ScimSlackTarget({
    scimBaseUrl: "https://slack.invalid/scim/v2/",
    token: TOKEN,
    maxWritesPerMinute: 60_000,
    maxReadsPerMinute: 60_000,
    http: fake.http,
    retry: { backoffBaseMs: 1, backoffMaxMs: 4, random: () => 0.5, ...retry },
  });
  return { t, requests: fake.requests };
}

const scimError = (detail: string, status: number) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  detail,
  status: String(status),
});
const user = { id: "U1", userName: "jane", active: true };

function assertNoToken(e: unknown): void {
  assert.ok(e instanceof Error);
  assert.ok(!e.message.includes(TOKEN), e.message);
  assert.ok(!inspect(e, { depth: 10 }).includes(TOKEN));
  assert.ok(!JSON.stringify(e).includes(TOKEN));
}

void test("ScimSlackTarget (fake HTTP): sends the token only in the Authorization header, JSON in and out", async () => {
  const { t, requests } = target([{ status: 201, body: user }]);
  assert.deepEqual(await t.createUser({ userName: "jane" }), user);
  const [sent] = requests;
  assert.equal(sent?.method, "POST");
  assert.equal(sent?.url, "https://slack.invalid/scim/v2/Users");
  assert.equal(sent?.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(sent?.headers["content-type"], "application/json");
  assert.deepEqual(JSON.parse(sent?.body ?? "{}"), {
    userName: "jane",
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  });
  assert.ok(sent?.signal instanceof AbortSignal);
  assert.ok(!inspect(t, { depth: 10 }).includes(TOKEN));
});

void test("ScimSlackTarget (fake HTTP): a 429 waits its Retry-After, then the call succeeds", async () => {
  const { t, requests } = target([
    { status: 429, headers: { "Retry-After": "0.2" } },
    { status: 200, body: user },
  ]);
  const started = performance.now();
  assert.deepEqual(await t.getUser("U1"), user);
  const waited = performance.now() - started;
  assert.ok(waited >= 190, `waited ${waited} ms`);
  assert.equal(requests.length, 2);
  assert.deepEqual(t.stats, { requests: 2, throttled: 1, retries: 1 });
});

void test("ScimSlackTarget (fake HTTP): 429s beyond the budget give ThrottledError with the server's Retry-After", async () => {
  const { t, requests } = target([{ status: 429, headers: { "retry-after": "0" } }], { maxThrottleRetries: 2 });
  await assert.rejects(t.findUsersByEmail("a@x.io"), (e: unknown) => {
    assert.ok(e instanceof ThrottledError);
    assert.equal(e.retryable, true);
    assert.equal(e.status, 429);
    return true;
  });
  assert.equal(requests.length, 3);

  const long = target([{ status: 429, headers: { "retry-after": "120" } }]);
  await assert.rejects(long.t.getUser("U1"), (e: unknown) => {
    assert.ok(e instanceof ThrottledError);
    assert.equal(e.retryAfterMs, 120_000);
    return true;
  });
  assert.equal(long.requests.length, 1, "a Retry-After beyond maxThrottleWaitMs is not waited for in-process");
});

void test("ScimSlackTarget (fake HTTP): a 5xx is retried and the call succeeds", async () => {
  const { t, requests } = target([
    { status: 503, body: scimError("service_unavailable", 503) },
    { status: 200, body: user },
  ]);
  assert.deepEqual(await t.getUser("U1"), user);
  assert.equal(requests.length, 2);
});

void test("ScimSlackTarget (fake HTTP): persistent 5xx becomes TransientError after maxTransientAttempts", async () => {
  const { t, requests } = target([{ status: 500, body: scimError(`internal ${TOKEN}`, 500) }], {
    maxTransientAttempts: 3,
  });
  await assert.rejects(t.patchUser("U1", [{ op: "replace", path: "title", value: "x" }]), (e: unknown) => {
    assert.ok(e instanceof TransientError);
    assert.equal(e.retryable, true);
    assert.equal(e.status, 500);
    assert.match(e.message, /HTTP 500/);
    assertNoToken(e);
    return true;
  });
  assert.equal(requests.length, 3);
});

void test("ScimSlackTarget (fake HTTP): a POST is not retried on 5xx (it may have been applied)", async () => {
  const { t, requests } = target([{ status: 502 }]);
  await assert.rejects(t.createUser({ userName: "once" }), TransientError);
  assert.equal(requests.length, 1);
});

void test("ScimSlackTarget (fake HTTP): network errors are retried, then TransientError without the token", async () => {
  const failure = new TypeError("fetch failed", { cause: { code: `ECONNRESET ${TOKEN}` } });
  const { t, requests } = target([{ throws: failure }], { maxTransientAttempts: 2 });
  await assert.rejects(t.getUser("U1"), (e: unknown) => {
    assert.ok(e instanceof TransientError);
    assert.equal(e.code, "SlackUnavailable");
    assertNoToken(e);
    return true;
  });
  assert.equal(requests.length, 2);
});

void test("ScimSlackTarget (fake HTTP): 401 is a CredentialError that never contains the token", async () => {
  const { t, requests } = target([{ status: 401, body: scimError(`invalid_authentication ${TOKEN}`, 401) }]);
  await assert.rejects(t.getUser("U1"), (e: unknown) => {
    assert.ok(e instanceof CredentialError);
    assert.equal(e.code, "SlackCredentialError");
    assert.equal(e.status, 401);
    assert.match(e.message, /SLACK_TOKEN/);
    assertNoToken(e);
    return true;
  });
  assert.equal(requests.length, 1, "refused credentials are not retried in-process");
});

void test("ScimSlackTarget (fake HTTP): another 4xx is a SlackRejectedError with Slack's code, not retried", async () => {
  const { t, requests } = target([{ status: 409, body: scimError(`username_taken ${TOKEN}`, 409) }]);
  await assert.rejects(t.createUser({ userName: "taken" }), (e: unknown) => {
    assert.ok(e instanceof SlackRejectedError);
    assert.equal(e.slackCode, "username_taken");
    assert.equal(e.retryable, false);
    assertNoToken(e);
    return true;
  });
  assert.equal(requests.length, 1);
});

void test("ScimSlackTarget (fake HTTP): PATCH and DELETE succeed on 204 No Content or any 2xx body (RFC 7644 §3.5.2)", async () => {
  const { t, requests } = target([{ status: 204 }, { status: 200, rawBody: "OK" }, { status: 204 }, { status: 204 }]);
  await t.patchUser("U1", [{ op: "replace", path: "active", value: false }]);
  await t.renameGroup("S1", "Sales");
  await t.addGroupMembers("S1", ["U1"]);
  assert.equal(await t.deleteGroup("S1"), true);
  assert.deepEqual(
    requests.map((r) => r.method),
    ["PATCH", "PATCH", "PATCH", "DELETE"],
    "each sent once: an empty answer is not retried",
  );
});

void test("ScimSlackTarget (fake HTTP): a read or create answered without the resource is a clear, permanent error", async () => {
  const cases: { name: string; answer: Answer; call: (t: ScimSlackTarget) => Promise<unknown> }[] = [
    { name: "POST /Users → 201 without body", answer: { status: 201 }, call: (t) => t.createUser({ userName: "x" }) },
    {
      name: "POST /Groups → 200 HTML",
      answer: { status: 200, rawBody: "<html>" },
      call: (t) => t.createGroup({ displayName: "G" }),
    },
    { name: "GET /Users/{id} → 200 without body", answer: { status: 200 }, call: (t) => t.getUser("U1") },
    {
      name: "GET /Users?filter → 200 not JSON",
      answer: { status: 200, rawBody: "nope" },
      call: (t) => t.findUsersByEmail("a@b.c"),
    },
  ];
  for (const c of cases) {
    const { t, requests } = target([c.answer]);
    const e = await c.call(t).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof ProvisioningError, c.name);
    assert.equal(e.code, "ScimUnexpectedResponse", c.name);
    assert.equal(isRetryable(e), false, `${c.name}: never a loop`);
    assert.match(e.message, /RFC 7644/, c.name);
    assert.equal(requests.length, 1, `${c.name}: sent once`);
    assertNoToken(e);
  }
});

void test("ScimSlackTarget (fake HTTP): a group read without members asks for them (attributes=members)", async () => {
  const group = { id: "S1", displayName: "Eng" };
  const { t, requests } = target([
    { status: 200, body: group },
    { status: 200, body: { ...group, members: [{ value: "U1" }, { value: "U2" }] } },
  ]);
  assert.deepEqual((await t.getGroup("S1"))?.members, [{ value: "U1" }, { value: "U2" }]);
  assert.equal(requests.length, 2);
  assert.match(requests[1]?.url ?? "", /\/Groups\/S1\?attributes=members$/);
});

void test("ScimSlackTarget (fake HTTP): members absent even when asked for are none (RFC 7643 §2.5)", async () => {
  const group = { id: "S1", displayName: "Eng" };
  const { t } = target([
    { status: 200, body: group },
    { status: 200, body: group },
  ]);
  assert.deepEqual((await t.getGroup("S1"))?.members, []);
});

void test("ScimSlackTarget (fake HTTP): a group read with members is one request", async () => {
  const { t, requests } = target([{ status: 200, body: { id: "S1", displayName: "Eng", members: [] } }]);
  assert.deepEqual((await t.getGroup("S1"))?.members, []);
  assert.equal(requests.length, 1);
});

void test("ScimSlackTarget (fake HTTP): asks its token source before each request; a refused token is retried once with a newer one", async () => {
  const { http, requests } = fakeHttp([
    { status: 401, body: { Errors: { description: "invalid_authentication", code: 401 } } },
    { status: 200, body: user },
  ]);
  let token = "xoxp-old-token-1";
  const refreshed: string[] = [];
  const t = new ScimSlackTarget({
    scimBaseUrl: "https://slack.invalid/scim/v2",
    token: {
      current: () => Promise.resolve(token),
      refreshAfterRejection: (rejected) => {
        refreshed.push(rejected);
        token = "xoxp-new-token-2";
        return Promise.resolve(token);
      },
    },
    maxWritesPerMinute: 60_000,
    maxReadsPerMinute: 60_000,
    http,
  });
  assert.deepEqual(await t.getUser("U1"), user);
  assert.deepEqual(
    requests.map((r) => r.headers.authorization),
    ["Bearer xoxp-old-token-1", "Bearer xoxp-new-token-2"],
  );
  assert.deepEqual(refreshed, ["xoxp-old-token-1"]);
});

void test("ScimSlackTarget (fake HTTP): a refusal with nothing newer, or refused again, is a CredentialError", async () => {
  const refused = { status: 401, body: { Errors: { description: "invalid_authentication", code: 401 } } };
  for (const newer of [undefined, "xoxp-also-refused"]) {
    const { http, requests } = fakeHttp([refused]);
    const t = new ScimSlackTarget({
      scimBaseUrl: "https://slack.invalid/scim/v2",
      token: {
        current: () => Promise.resolve(newer && requests.length > 0 ? newer : "xoxp-refused"),
        refreshAfterRejection: () => Promise.resolve(newer),
      },
      maxWritesPerMinute: 60_000,
      maxReadsPerMinute: 60_000,
      http,
    });
    await assert.rejects(t.getUser("U1"), (e: unknown) => e instanceof CredentialError && /Authorize/.test(e.message));
    assert.equal(requests.length, newer ? 2 : 1, "at most one retry with a newer token");
  }
});
