import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { DryRunBudgetExceeded } from "./DryRunBudgetExceeded";
import { DryRunBusyError } from "./DryRunBusyError";
import type { DryRunKind, DryRunReply, DryRunTask, DryRunTasks } from "./DryRunTasks";
import { fromWireError } from "./wireError";

/** The compiled worker script next to this module: dist/shared/dryRun/dryRunWorker.js, where Azure and the tests run. */
const WORKER_SCRIPT = join(__dirname, "dryRunWorker.js");

/** The most dry runs and previews one instance evaluates at once; one more is refused with DryRunBusyError. */
export const MAX_CONCURRENT_DRY_RUNS = 2;

/** The heap a dry-run worker may use (the loaded users and what the mapping builds from them). */
export const DRY_RUN_HEAP_MB = 512;

let running = 0;

/** Dry-run worker threads started and not yet exited (0 once every answer is given). */
export function runningDryRunWorkers(): number {
  return running;
}

export interface DryRunBudget {
  /** Wall time from the worker's start to its answer (DRY_RUN_BUDGET_MS). */
  budgetMs: number;
  /** Whether the mapping is a candidate sent by the caller. */
  candidate: boolean;
  /** What is evaluated, for the message when the budget is spent, e.g. "the dry run over 300 user(s)". */
  what: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Evaluates a dry-run task (a plan or a preview: plain data in, plain data out) in a new worker thread, so that however
 * long the mapping's expressions and scoping filters take, the event loop of the host stays free. When `budgetMs`
 * passes first the worker is terminated and DryRunBudgetExceeded is thrown; a worker that reaches its heap limit
 * (DRY_RUN_HEAP_MB) gives DryRunBudgetExceeded too. Either way the promise settles only once the thread has exited,
 * so no evaluation runs on after the answer. At most MAX_CONCURRENT_DRY_RUNS run at once (DryRunBusyError beyond).
 */
export function evaluateInWorker<K extends DryRunKind>(
  kind: K,
  input: DryRunTasks[K]["input"],
  budget: DryRunBudget,
): Promise<DryRunTasks[K]["result"]> {
  if (running >= MAX_CONCURRENT_DRY_RUNS) return Promise.reject(new DryRunBusyError(running));
  // `K` ties the input to its kind; the compiler cannot narrow the union of tasks from a type parameter.
  const task = { kind, input } as DryRunTask;
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SCRIPT, {
        workerData: task,
        resourceLimits: { maxOldGenerationSizeMb: DRY_RUN_HEAP_MB },
      });
    } catch (e) {
      // The input could not be copied (not plain data) or the thread could not start.
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    running++;
    let outcome: Outcome<DryRunTasks[K]["result"]> | undefined;
    const settle = (o: Outcome<DryRunTasks[K]["result"]>): void => {
      if (outcome) return;
      outcome = o;
      clearTimeout(timer);
      void worker.terminate();
    };
    const stopped = (resource: "time" | "memory", limit: number) =>
      new DryRunBudgetExceeded({ what: budget.what, candidate: budget.candidate, resource, limit });
    const timer = setTimeout(() => settle({ ok: false, error: stopped("time", budget.budgetMs) }), budget.budgetMs);
    worker.once("message", (reply: DryRunReply) => {
      // The worker answers the task it was given: the result of kind K.
      if (reply.ok) settle({ ok: true, value: reply.result });
      else settle({ ok: false, error: fromWireError(reply.error) });
    });
    worker.once("messageerror", (e) => settle({ ok: false, error: e }));
    worker.on("error", (e) => {
      const outOfMemory = (e as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY";
      settle({ ok: false, error: outOfMemory ? stopped("memory", DRY_RUN_HEAP_MB) : e });
    });
    worker.once("exit", (code) => {
      running--;
      clearTimeout(timer);
      const o = outcome ?? {
        ok: false,
        error: new Error(`The dry-run worker exited (code ${code}) without an answer.`),
      };
      if (o.ok) resolve(o.value);
      else reject(o.error);
    });
  });
}
