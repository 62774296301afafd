import assert from "node:assert/strict";
import { test } from "node:test";
import {
  classifyFailure,
  ConcurrentWriteError,
  ConfigurationError,
  CREDENTIAL_RETRY_MS,
  CredentialError,
  SlackTokenUnhealthyError,
  decideRetry,
  DeltaTokenExpiredError,
  GraphRequestError,
  isProvisioningError,
  isRetryable,
  LeaseBusyError,
  MAX_TRANSIENT_ATTEMPTS,
  ProvisioningError,
  SlackAuthorizationError,
  SlackRejectedError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
import type { FailureKind, RetryMode } from "../../../shared/errors";
import { MappingFileError } from "../../../shared/mapping/config/MappingFileError";
import { ExpressionEvaluationError } from "../../../shared/mapping/expressions/ExpressionEvaluationError";
import { RequiredAttributeMissingError } from "../../../shared/mapping/RequiredAttributeMissingError";

/** What the queue does on the attempt-th re-queue: a delay, or "rethrow" (the host's poison path). */
type Outcome = number | "rethrow";

interface Row {
  name: string;
  error: unknown;
  kind: FailureKind;
  retry: RetryMode;
  code: string;
  /** [attempt, outcome] pairs. */
  schedule: [number, Outcome][];
}

const BACKOFF: [number, Outcome][] = [
  [1, 2_000],
  [2, 4_000],
  [4, 16_000],
  [10, 600_000],
  [MAX_TRANSIENT_ATTEMPTS, 600_000],
  [MAX_TRANSIENT_ATTEMPTS + 1, "rethrow"],
];
const NEVER: [number, Outcome][] = [
  [1, "rethrow"],
  [2, "rethrow"],
];
const FOREVER_EVERY = (ms: number): [number, Outcome][] => [
  [1, ms],
  [MAX_TRANSIENT_ATTEMPTS + 1, ms],
  [10_000, ms],
];

const rows: Row[] = [
  {
    name: "ThrottledError (Slack, Retry-After 7 s)",
    error: new ThrottledError("slack", 7_000),
    kind: "throttled",
    retry: "afterDelay",
    code: "SlackThrottled",
    schedule: FOREVER_EVERY(7_000),
  },
  {
    name: "ThrottledError (Graph, Retry-After 0: at least 1 s)",
    error: new ThrottledError("graph", 0),
    kind: "throttled",
    retry: "afterDelay",
    code: "GraphThrottled",
    schedule: FOREVER_EVERY(1_000),
  },
  {
    name: "LeaseBusyError",
    error: new LeaseBusyError("User u1", 5_000),
    kind: "contention",
    retry: "afterDelay",
    code: "LeaseBusy",
    schedule: FOREVER_EVERY(5_000),
  },
  {
    name: "ConcurrentWriteError",
    error: new ConcurrentWriteError(),
    kind: "contention",
    retry: "backoff",
    code: "ConcurrentWriteError",
    schedule: BACKOFF,
  },
  {
    name: "TransientError",
    error: new TransientError("SlackUnavailable", "Slack answered 503."),
    kind: "transient",
    retry: "backoff",
    code: "SlackUnavailable",
    schedule: BACKOFF,
  },
  {
    name: "TransientError with a Retry-After hint longer than the backoff",
    error: new TransientError("GraphUnavailable", "503", { retryAfterMs: 30_000 }),
    kind: "transient",
    retry: "backoff",
    code: "GraphUnavailable",
    schedule: [
      [1, 30_000],
      [5, 32_000],
      [MAX_TRANSIENT_ATTEMPTS + 1, "rethrow"],
    ],
  },
  {
    name: "CredentialError (Graph)",
    error: new CredentialError("graph", "bad secret"),
    kind: "credentials",
    retry: "waitForOperator",
    code: "GraphCredentialError",
    schedule: FOREVER_EVERY(CREDENTIAL_RETRY_MS),
  },
  {
    name: "CredentialError (Slack)",
    error: new CredentialError("slack", "bad token"),
    kind: "credentials",
    retry: "waitForOperator",
    code: "SlackCredentialError",
    schedule: FOREVER_EVERY(CREDENTIAL_RETRY_MS),
  },
  {
    name: "SlackTokenUnhealthyError (the token check: revoked token)",
    error: new SlackTokenUnhealthyError("SlackTokenRevoked", "Slack no longer accepts the token"),
    kind: "credentials",
    retry: "waitForOperator",
    code: "SlackTokenRevoked",
    schedule: FOREVER_EVERY(CREDENTIAL_RETRY_MS),
  },
  {
    name: "SlackTokenUnhealthyError (the token check: demoted owner)",
    error: new SlackTokenUnhealthyError("SlackTokenOwnerNotAdmin", "the token's owner is a Member"),
    kind: "credentials",
    retry: "waitForOperator",
    code: "SlackTokenOwnerNotAdmin",
    schedule: FOREVER_EVERY(CREDENTIAL_RETRY_MS),
  },
  {
    name: "SlackRejectedError",
    error: new SlackRejectedError("username_taken", "username_taken", 409),
    kind: "permanent",
    retry: "never",
    code: "Slack:username_taken",
    schedule: NEVER,
  },
  {
    name: "SlackAuthorizationError (Authorize could not complete)",
    error: new SlackAuthorizationError("OAuthStateUsed", "This authorization was completed already."),
    kind: "permanent",
    retry: "never",
    code: "OAuthStateUsed",
    schedule: NEVER,
  },
  {
    name: "GraphRequestError",
    error: new GraphRequestError("BadRequest", "Microsoft Graph refused it.", 400),
    kind: "permanent",
    retry: "never",
    code: "Graph:BadRequest",
    schedule: NEVER,
  },
  {
    name: "DeltaTokenExpiredError",
    error: new DeltaTokenExpiredError("re-read needed", { status: 410 }),
    kind: "permanent",
    retry: "never",
    code: "DeltaTokenExpired",
    schedule: NEVER,
  },
  {
    name: "ConfigurationError",
    error: new ConfigurationError("SLACK_TOKEN is missing."),
    kind: "configuration",
    retry: "never",
    code: "ConfigurationError",
    schedule: NEVER,
  },
  {
    name: "MappingFileError (a ConfigurationError)",
    error: new MappingFileError("mapping.yaml", ["users: required"]),
    kind: "configuration",
    retry: "never",
    code: "ConfigurationError",
    schedule: NEVER,
  },
  {
    name: "RequiredAttributeMissingError (a plain ProvisioningError, not retryable)",
    error: new RequiredAttributeMissingError(["userName"]),
    kind: "permanent",
    retry: "never",
    code: "RequiredAttributeMissing",
    schedule: NEVER,
  },
  {
    name: "ExpressionEvaluationError (a plain ProvisioningError, not retryable)",
    error: new ExpressionEvaluationError("Join needs a separator."),
    kind: "permanent",
    retry: "never",
    code: "ExpressionEvaluationError",
    schedule: NEVER,
  },
  {
    name: "a retryable ProvisioningError with its own code",
    error: new ProvisioningError("JobStateContention", "kept changing", { retryable: true }),
    kind: "transient",
    retry: "backoff",
    code: "JobStateContention",
    schedule: BACKOFF,
  },
  {
    name: "an unknown Error",
    error: new RangeError("boom"),
    kind: "transient",
    retry: "backoff",
    code: "RangeError",
    schedule: BACKOFF,
  },
  {
    name: "a non-Error throw",
    error: "just a string",
    kind: "transient",
    retry: "backoff",
    code: "Error",
    schedule: BACKOFF,
  },
];

for (const row of rows) {
  void test(`retry policy: ${row.name} → ${row.kind}, ${row.retry}`, () => {
    const c = classifyFailure(row.error);
    assert.equal(c.kind, row.kind);
    assert.equal(c.retry, row.retry);
    assert.equal(c.code, row.code);
    assert.equal(c.message, row.error instanceof Error ? row.error.message : String(row.error));
    for (const [attempt, expected] of row.schedule) {
      const d = decideRetry(row.error, attempt);
      assert.deepEqual(d.action === "requeue" ? d.delayMs : "rethrow", expected, `attempt ${attempt}`);
      assert.deepEqual(d.failure, c);
    }
    // The error's own flag tells the same story as the policy.
    assert.equal(isRetryable(row.error), row.retry !== "never");
    if (isProvisioningError(row.error)) assert.equal(row.error.retryable, row.retry !== "never");
  });
}

void test("retry policy: ConcurrentWriteError is in the hierarchy", () => {
  const e = new ConcurrentWriteError();
  assert.ok(e instanceof ConcurrentWriteError);
  assert.ok(e instanceof ProvisioningError);
  assert.equal(e.name, "ConcurrentWriteError");
  assert.equal(e.message, "The row was changed by another writer.");
  const cause = new Error("412");
  assert.equal(new ConcurrentWriteError("lost the race", { cause }).cause, cause);
});

void test("retry policy: a message about one object is escrowed when its budget for the cycle is spent", () => {
  const MIN = 60_000;
  const budget = (elapsedMin: number) => ({
    escrow: { afterAttempts: 6, afterMs: 60 * MIN, elapsedMs: elapsedMin * MIN },
  });
  const cases: { name: string; error: unknown; attempt: number; elapsedMin: number; want: string }[] = [
    {
      name: "transient, within attempts and time",
      error: new TransientError("X", "x"),
      attempt: 6,
      elapsedMin: 2,
      want: "requeue",
    },
    {
      name: "transient, attempts spent",
      error: new TransientError("X", "x"),
      attempt: 7,
      elapsedMin: 2,
      want: "escrow",
    },
    { name: "transient, time spent", error: new TransientError("X", "x"), attempt: 3, elapsedMin: 60, want: "escrow" },
    {
      name: "throttled: attempts do not count",
      error: new ThrottledError("slack", 1000),
      attempt: 500,
      elapsedMin: 59,
      want: "requeue",
    },
    {
      name: "throttled, time spent",
      error: new ThrottledError("slack", 1000),
      attempt: 20,
      elapsedMin: 61,
      want: "escrow",
    },
    {
      name: "credentials, time spent",
      error: new CredentialError("slack", "no"),
      attempt: 12,
      elapsedMin: 60,
      want: "escrow",
    },
    {
      name: "permanent: never escrowed, rethrown",
      error: new SlackRejectedError("x", "x", 400),
      attempt: 99,
      elapsedMin: 99,
      want: "rethrow",
    },
  ];
  for (const c of cases) assert.equal(decideRetry(c.error, c.attempt, budget(c.elapsedMin)).action, c.want, c.name);
  assert.equal(decideRetry(new TransientError("X", "x"), 7).action, "requeue", "without a budget: the queue's own 30");
});
