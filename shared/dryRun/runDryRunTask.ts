import { evaluatePreview } from "../engine/evaluatePreview";
import { planUsers } from "../engine/planUsers";
import type { DryRunTask, DryRunTasks } from "./DryRunTasks";

/** Pure: evaluates a dry-run task (what the worker thread runs; callable in-thread too, e.g. to compare results). */
export function runDryRunTask(task: DryRunTask): DryRunTasks[DryRunTask["kind"]]["result"] {
  switch (task.kind) {
    case "plan":
      return planUsers(task.input);
    case "preview":
      return evaluatePreview(task.input);
  }
}
