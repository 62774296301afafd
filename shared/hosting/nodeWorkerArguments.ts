/**
 * The Node.js arguments the app's worker runs with: the app setting `languageWorkers__node__arguments` (the Functions
 * host starts the Node worker with it; infra/modules/functionapp.bicep sets this value, and the local host and
 * local.settings.example.json use it too).
 *
 * `--heap-growing-percent=40`: after each full collection V8 lets its old space grow to 1.4× what survived, where it
 * would otherwise allow up to 4×. The app's live heap is about 45 MB whatever the size of the tenant (measured at
 * 11,000 and 13,500 users of a 100,000-user initial cycle), but under a steady allocation rate V8's default growth
 * kept 220 MB of heap pages resident (a host at 335 MB, 200 MB with this setting, in the same run). It costs more
 * frequent collections of a small heap, not a limit: a larger live heap still gets the memory it needs (unlike
 * `--max-old-space-size`, which would crash the worker at its ceiling).
 */
export const NODE_WORKER_ARGUMENTS = "--heap-growing-percent=40";

/** The app setting that holds them, read by the Functions host (and by the local host, dev/stack/HostProcess). */
export const NODE_WORKER_ARGUMENTS_SETTING = "languageWorkers__node__arguments";

/** The arguments of a `languageWorkers__node__arguments` value: words separated by white space (no quoting). */
export function nodeWorkerArguments(value: string | undefined): string[] {
  return (value ?? NODE_WORKER_ARGUMENTS).split(/\s+/).filter((a) => a !== "");
}
