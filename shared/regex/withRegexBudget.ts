import { Script, createContext } from "node:vm";
import { ProvisioningError } from "../errors";

/** How long one use of a configured or candidate regular expression may run before it is stopped. */
export const REGEX_BUDGET_MS = 100;

/**
 * A regular expression ran longer than its budget (catastrophic backtracking, e.g. `^(a+)+$`) and was stopped. Not
 * retryable: the same pattern on the same value would run as long again; the pattern must change.
 */
export class RegexBudgetExceeded extends ProvisioningError {
  constructor(
    readonly pattern: string,
    readonly budgetMs: number,
  ) {
    super(
      "RegexBudgetExceeded",
      `The regular expression ${JSON.stringify(pattern)} ran longer than ${budgetMs} ms on this value and was stopped ` +
        "(it backtracks catastrophically, e.g. a nested quantifier like (a+)+). Simplify the pattern.",
      { retryable: false },
    );
  }
}

// One context and one compiled script for every call: the script calls back into `run`, and the vm's watchdog stops
// whatever runs when the timeout passes, backtracking regular expressions included (V8 checks for interrupts there).
const sandbox = createContext({ run: (): unknown => undefined });
const callRun = new Script("run()");
let depth = 0;

/**
 * Runs `work` (code that executes regular expressions built from `pattern`) under a wall-time budget, so a hostile
 * or careless pattern cannot block the event loop: past the budget the work is interrupted and RegexBudgetExceeded
 * is thrown. Synchronous; a nested call runs inside the outer budget. Costs about a tenth of a millisecond a call.
 */
export function withRegexBudget<T>(pattern: string, work: () => T, budgetMs = REGEX_BUDGET_MS): T {
  if (depth > 0) return work();
  if (isBenched(pattern, Date.now())) throw new RegexBudgetExceeded(pattern, budgetMs);
  depth++;
  let result: { value: T } | undefined;
  (sandbox as { run: () => unknown }).run = () => {
    result = { value: work() };
  };
  try {
    callRun.runInContext(sandbox, { timeout: budgetMs });
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      strike(pattern, Date.now());
      throw new RegexBudgetExceeded(pattern, budgetMs);
    }
    throw e;
  } finally {
    depth--;
    (sandbox as { run: () => unknown }).run = () => undefined;
  }
  if (!result) throw new Error("withRegexBudget: the work did not run");
  return result.value;
}

/** After this many budget overruns within BENCH_MS, a pattern is not run again in this process until BENCH_MS passed. */
const STRIKES_TO_BENCH = 3;
const BENCH_MS = 10 * 60_000;
/** At most this many patterns are remembered (the oldest is forgotten first). */
const MAX_REMEMBERED = 100;
const overruns = new Map<string, { count: number; first: number }>();

/**
 * A pattern that blew its budget repeatedly fails at once for a while: a dry run over thousands of users (or a burst
 * of provisioning runs) spends the budget a few times, not once per user.
 */
function isBenched(pattern: string, now: number): boolean {
  const o = overruns.get(pattern);
  if (!o) return false;
  if (now - o.first > BENCH_MS) {
    overruns.delete(pattern);
    return false;
  }
  return o.count >= STRIKES_TO_BENCH;
}

function strike(pattern: string, now: number): void {
  const o = overruns.get(pattern);
  if (o && now - o.first <= BENCH_MS) o.count++;
  else {
    overruns.delete(pattern);
    overruns.set(pattern, { count: 1, first: now });
    if (overruns.size > MAX_REMEMBERED) overruns.delete(overruns.keys().next().value as string);
  }
}
