/**
 * Standalone local host: `node dist/dev/host/main.js`. Reads the app settings from the environment (as the Functions
 * host does) plus these local-host settings, all optional:
 *
 *   LOCAL_HOST_HTTP_PORT                   HTTP port on 127.0.0.1 (default 0: a free port)
 *   LOCAL_HOST_FUNCTION_MODULES            comma-separated compiled function files (default: package.json "main")
 *   LOCAL_HOST_FUNCTION_NAMES              comma-separated names to run (default: all registered)
 *   LOCAL_HOST_HOST_JSON                   path of host.json (default: the project's)
 *   LOCAL_HOST_ENABLE_TIMERS               "false" to run timers only on demand, or the names of the timers to run
 *                                          (comma-separated; default: all)
 *   LOCAL_HOST_RECEIVE_VISIBILITY_SECONDS  visibility of a queue message while processed (default 600)
 *   LOCAL_HOST_STOP_TIMEOUT_MS             how long shutdown waits for invocations in progress (default 30000)
 *   LOCAL_HOST_LOG_LEVEL                   trace|debug|information|warning|error (default information)
 *   LOCAL_HOST_ACCESS_TOKEN                require this token on every HTTP request (?code= or x-functions-key)
 *
 * Prints `local host ready http=<url>` on stdout once everything runs; stops cleanly on SIGINT/SIGTERM, and when the
 * parent that started it with an IPC channel goes away.
 */
import type { LogLevel } from "@azure/functions";
import { createConsoleLogSink } from "./hostLog";
import type { LocalHostOptions } from "./startLocalHost";
import { startLocalHost } from "./startLocalHost";

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items && items.length > 0 ? items : undefined;
}

function int(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number; it is "${raw}".`);
  return n;
}

/** "false" (none), a list of timer names, or anything else (all). */
function timersSetting(value: string | undefined): boolean | string[] {
  if (/^(false|0|no)$/i.test(value ?? "")) return false;
  if (/^(true|1|yes)?$/i.test(value?.trim() ?? "")) return true;
  return list(value) ?? true;
}

async function main(): Promise<void> {
  const env = process.env;
  const options: LocalHostOptions = {
    httpPort: int("LOCAL_HOST_HTTP_PORT") ?? 0,
    enableTimers: timersSetting(env.LOCAL_HOST_ENABLE_TIMERS),
    log: createConsoleLogSink((env.LOCAL_HOST_LOG_LEVEL as LogLevel | undefined) ?? "information"),
  };
  const modules = list(env.LOCAL_HOST_FUNCTION_MODULES);
  if (modules) options.functionModules = modules;
  const names = list(env.LOCAL_HOST_FUNCTION_NAMES);
  if (names) options.functionNames = names;
  if (env.LOCAL_HOST_HOST_JSON) options.hostJsonPath = env.LOCAL_HOST_HOST_JSON;
  if (env.LOCAL_HOST_ACCESS_TOKEN) options.accessToken = env.LOCAL_HOST_ACCESS_TOKEN;
  const visibility = int("LOCAL_HOST_RECEIVE_VISIBILITY_SECONDS");
  if (visibility !== undefined) options.receiveVisibilityMs = visibility * 1000;
  const stopTimeout = int("LOCAL_HOST_STOP_TIMEOUT_MS");
  if (stopTimeout !== undefined) options.stopTimeoutMs = stopTimeout;

  const host = await startLocalHost(options);
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`local host stopping (${why})`);
    host.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`local host stop failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  if (process.send) process.once("disconnect", () => stop("parent gone"));
  console.log(`local host ready http=${host.httpUrl}`);
}

main().catch((e: unknown) => {
  console.error(`local host failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
