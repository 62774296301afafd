/**
 * Dry-run evaluation in a worker thread: the same answer as in-thread, a time budget that stops the worker and names
 * the setting, a free event loop meanwhile, no thread left behind, a cap on concurrent workers, and typed errors
 * carried back across the thread boundary.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, it } from "node:test";
import { DryRunBudgetExceeded } from "../../../shared/dryRun/DryRunBudgetExceeded";
import { DryRunBusyError } from "../../../shared/dryRun/DryRunBusyError";
import {
  evaluateInWorker,
  MAX_CONCURRENT_DRY_RUNS,
  runningDryRunWorkers,
} from "../../../shared/dryRun/evaluateInWorker";
import type { PlanInput } from "../../../shared/engine/planUsers";
import { planUsers } from "../../../shared/engine/planUsers";
import { errorResponse, httpStatusOf } from "../../../shared/hosting/httpErrors";
import type { UserMapping } from "../../../shared/mapping/AttributeMapping";
import { parseMappingConfig } from "../../../shared/mapping/config/parseMappingConfig";
import { RegexBudgetExceeded } from "../../../shared/regex/withRegexBudget";
import {
  candidateWithTitle,
  manyModerateReplaces,
  moderateBacktrackingLength,
  probeWhile,
  processThreads,
} from "../../support/dryRunAttacks";
import { entraUser } from "../../support/memory/entraUser";

const root = join(__dirname, "..", "..", "..", "..");
const mappingOf = (yaml: string): UserMapping => parseMappingConfig(yaml, "yaml", "test").users;

/** `count` users in scope and never linked (each would be created), with `props` on each. */
function planInput(mapping: UserMapping, count: number, props: Record<string, unknown> = {}): PlanInput {
  return {
    mapping,
    candidate: true,
    users: Array.from({ length: count }, (_, i) => {
      const user = entraUser(`user${i}.test`, props);
      return {
        record: { objectId: user.id, snapshot: user, seq: String(i).padStart(6, "0"), managed: false },
        scopeEntry: { userId: user.id, direct: true, viaGroups: [], paths: ["assigned directly"] },
        link: undefined,
        managerSlackId: null,
      };
    }),
  };
}

/**
 * A candidate whose title joins five uses of a moderately slow regular expression (3–6 ms each): 15–30 ms a user, while
 * one use stays far below its own 100 ms budget even on its first, interpreted run, so it is never stopped or benched.
 */
const slowCandidate = () => mappingOf(candidateWithTitle(manyModerateReplaces(5, moderateBacktrackingLength(3))));

void describe("evaluateInWorker", () => {
  void it("answers a plan exactly as the same evaluation in-thread (gallery mapping as a candidate)", async () => {
    const input = planInput(mappingOf(readFileSync(join(root, "config", "mapping.default.yaml"), "utf8")), 25);
    input.users[3] = {
      ...input.users[3]!,
      record: { ...input.users[3]!.record, snapshot: entraUser("a.very.long.username.indeed") },
    };
    const plan = await evaluateInWorker("plan", input, { budgetMs: 10_000, candidate: true, what: "the dry run" });
    assert.deepEqual(plan, planUsers(input));
    assert.equal(plan.mapping, "candidate");
    assert.equal(plan.counts.create, 24);
    assert.equal(plan.counts.reject, 1, "the long userName is refused by the pre-flight validation");
    assert.equal(runningDryRunWorkers(), 0);
  });

  void it("stops an evaluation over its budget soon after it is spent, naming the budget and the setting", async () => {
    const input = planInput(slowCandidate(), 300);
    const threads = processThreads();
    const started = performance.now();
    const work = evaluateInWorker("plan", input, {
      budgetMs: 500,
      candidate: true,
      what: "the dry run over 300 user(s)",
    });
    // A timer's lateness is the event loop's: 10 ms timers keep firing on time while the worker runs.
    const seen = await probeWhile(work, () => delay(10));
    const error = await work.then(
      () => assert.fail("the evaluation should have been stopped"),
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    assert.ok(error instanceof DryRunBudgetExceeded, String(error));
    assert.match(
      error.message,
      /^The dry run over 300 user\(s\) with the candidate mapping did not finish within its budget of 500 ms \(DRY_RUN_BUDGET_MS\)/,
    );
    assert.match(error.message, /raise DRY_RUN_BUDGET_MS/);
    assert.equal(httpStatusOf(error), 422);
    assert.ok(elapsed < 500 + 1_000, `answered ${Math.round(elapsed)} ms after the start (budget 500 ms)`);
    assert.ok(seen.latenciesMs.length >= 10, `the loop kept turning (${seen.latenciesMs.length} probes)`);
    assert.ok(
      Math.max(...seen.latenciesMs) < 1_000,
      `a 10 ms timer fired within 1 s (${Math.max(...seen.latenciesMs)} ms)`,
    );
    assert.ok(seen.maxLoopDelayMs < 1_000, `event-loop delay ${seen.maxLoopDelayMs} ms`);
    // Settled only once the thread exited: nothing runs on after the answer.
    assert.equal(runningDryRunWorkers(), 0);
    if (threads) {
      const left = [...(processThreads() ?? [])].filter((t) => !threads.has(t));
      assert.deepEqual(left, [], "no thread started for the evaluation is left");
    }
  });

  void it("the mapping in force over its budget is a configuration matter (500), not the caller's (422)", async () => {
    const input = { ...planInput(slowCandidate(), 300), candidate: false };
    await assert.rejects(
      evaluateInWorker("plan", input, { budgetMs: 300, candidate: false, what: "the dry run over 300 user(s)" }),
      (e: unknown) =>
        e instanceof DryRunBudgetExceeded &&
        /with the mapping in force did not finish/.test(e.message) &&
        httpStatusOf(e) === 500,
    );
  });

  void it("a scoping filter whose regular expression blows its own budget fails the plan with RegexBudgetExceeded (422)", async () => {
    const mapping: UserMapping = {
      ...mappingOf(candidateWithTitle("[jobTitle]")),
      scopingFilters: [
        { name: "evil", clauses: [{ attribute: "jobTitle", operator: "REGEX MATCH", value: "^(a+)+$" }] },
      ],
    };
    const input = planInput(mapping, 3, { jobTitle: `${"a".repeat(40)}!` });
    await assert.rejects(
      evaluateInWorker("plan", input, { budgetMs: 10_000, candidate: true, what: "the dry run" }),
      (e: unknown) => e instanceof RegexBudgetExceeded && e.pattern === "^(a+)+$" && httpStatusOf(e) === 422,
    );
  });

  void it(`refuses more than ${MAX_CONCURRENT_DRY_RUNS} evaluations at once with a 503 and Retry-After`, async () => {
    const input = planInput(slowCandidate(), 300);
    const budget = { budgetMs: 1_000, candidate: true, what: "the dry run" };
    const running = Array.from({ length: MAX_CONCURRENT_DRY_RUNS }, () => evaluateInWorker("plan", input, budget));
    const refused = await evaluateInWorker("plan", input, budget).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof DryRunBusyError, String(refused));
    const response = errorResponse(refused);
    assert.equal(response.status, 503);
    assert.equal(new Headers(response.headers).get("retry-after"), "5");
    for (const r of await Promise.allSettled(running)) {
      assert.ok(r.status === "rejected" && r.reason instanceof DryRunBudgetExceeded);
    }
    assert.equal(runningDryRunWorkers(), 0);
    await evaluateInWorker("plan", planInput(mappingOf(candidateWithTitle("[jobTitle]")), 1), budget);
  });
});
