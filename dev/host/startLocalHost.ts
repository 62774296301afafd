import { join, resolve } from "node:path";
import type { Env } from "../../shared/config/Settings";
import type { FunctionDefinition } from "../../shared/hosting/registerFunction";
import { registeredFunctions } from "../../shared/hosting/registerFunction";
import type { StorageClients } from "../../shared/storage/createStorageClients";
import { createStorageClients } from "../../shared/storage/createStorageClients";
import { storageSettingsFromEnv } from "../../shared/storage/storageSettingsFromEnv";
import type { FunctionCounters } from "./FunctionCounters";
import { emptyCounters } from "./FunctionCounters";
import { defaultFunctionModules, findProjectRoot } from "./functionModules";
import type { HostConfig } from "./hostJson";
import { readHostJson } from "./hostJson";
import type { HostLogSink } from "./hostLog";
import { createConsoleLogSink } from "./hostLog";
import type { HttpDefinition } from "./HttpFunctionServer";
import { HttpFunctionServer } from "./HttpFunctionServer";
import type { QueueDefinition } from "./QueueListener";
import { QueueListener } from "./QueueListener";
import { resolveSchedule } from "./resolveSchedule";
import type { InvocationOutcome } from "./runInvocation";
import type { TimerDefinition } from "./TimerRunner";
import { TimerRunner } from "./TimerRunner";

export interface LocalHostOptions {
  /** Compiled function files to require (default: the project's package.json "main" glob, dist/functions/*.js). */
  functionModules?: readonly string[];
  /** Run only these registered functions (default: every function registered in this process). */
  functionNames?: readonly string[];
  /** App settings, applied to process.env while the host runs (as the Functions host does) and restored by stop(). */
  env?: Env;
  /** host.json to honour (default: the project's host.json). */
  hostJsonPath?: string;
  /** HTTP port on 127.0.0.1 (default 0: a free port). */
  httpPort?: number;
  /** Require this token on every HTTP request (`?code=` or `x-functions-key`); see HttpFunctionServerOptions. */
  accessToken?: string;
  /**
   * Run timers on their schedules and runOnStartup (default true), or only the named ones. triggerTimer works either
   * way.
   */
  enableTimers?: boolean | readonly string[];
  /** Poll queues for queue-triggered functions (default true). */
  enableQueues?: boolean;
  /** Where host and function logs go (default: console, information and above). */
  log?: HostLogSink;
  /** Visibility timeout while a queue message is processed, renewed at half-time (default 10 min). */
  receiveVisibilityMs?: number;
  /** How long stop() waits for invocations in progress (default 30 s). */
  stopTimeoutMs?: number;
}

export interface LocalHost {
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:7071 (functions are below /api). */
  httpUrl: string;
  /** The functions this host runs. */
  functions: readonly FunctionDefinition[];
  hostConfig: HostConfig;
  /** Invokes a timer function now (after any run of it in progress) and resolves with the outcome. */
  triggerTimer(name: string): Promise<InvocationOutcome>;
  /** A snapshot of invocations/failures/poisoned per function name. */
  counters(): Record<string, FunctionCounters>;
  /** What is still running: the queue listeners whose polling loop has not ended, and the timers still scheduled. */
  activity(): { polling: string[]; scheduledTimers: string[] };
  /** Stops polling and timers, waits for invocations in progress (up to stopTimeoutMs), closes the server. */
  stop(): Promise<void>;
}

function applyEnv(env: Env | undefined): () => void {
  if (!env) return () => {};
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(env)) {
    previous.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function selectFunctions(names: readonly string[] | undefined): FunctionDefinition[] {
  const all = registeredFunctions();
  const seen = new Set<string>();
  for (const def of all) {
    if (seen.has(def.name)) throw new Error(`Two functions are registered with the name ${def.name}.`);
    seen.add(def.name);
  }
  if (!names) return [...all];
  const missing = names.filter((n) => !seen.has(n));
  if (missing.length > 0) throw new Error(`No registered function is named ${missing.join(", ")}.`);
  return all.filter((d) => names.includes(d.name));
}

/**
 * Runs the app's registered functions like the Functions host would, without Core Tools: timers on schedule, queue
 * triggers polling storage with host.json's retry and poison semantics, HTTP functions on one loopback port.
 */
export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  // The HTTP server stands in for App Service Authentication (it vouches for the local operator), so the sign-in
  // routes may trust the principal it sets, as they trust the platform's in Azure.
  const restoreEnv = applyEnv({ ...options.env, WEBSITE_AUTH_ENABLED: "True" });
  const sink = options.log ?? createConsoleLogSink();
  const counters = new Map<string, FunctionCounters>();
  const countersFor = (name: string) => {
    let c = counters.get(name);
    if (!c) counters.set(name, (c = emptyCounters()));
    return c;
  };

  const timers = new Map<string, TimerRunner>();
  const listeners: QueueListener[] = [];
  let server: HttpFunctionServer | undefined;

  const shutdown = async (): Promise<void> => {
    let timeout: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((r) => (timeout = setTimeout(r, options.stopTimeoutMs ?? 30_000)));
    try {
      await Promise.all([
        ...[...timers.values()].map((t) => t.stop(deadline)),
        ...listeners.map((l) => l.stop(deadline)),
        server?.close(deadline),
      ]);
    } finally {
      clearTimeout(timeout);
      restoreEnv();
    }
  };

  try {
    const root = findProjectRoot();
    for (const file of options.functionModules ?? defaultFunctionModules(root)) {
      // Loaded by path at run time, exactly as the Functions worker loads package.json "main".
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(resolve(file));
    }
    const functions = selectFunctions(options.functionNames);
    const hostConfig = readHostJson(options.hostJsonPath ?? join(root, "host.json"));

    for (const def of functions.filter((d): d is TimerDefinition => d.kind === "timer")) {
      let schedule: string;
      try {
        schedule = resolveSchedule(def.schedule, process.env);
        timers.set(def.name, new TimerRunner(def, schedule, sink, countersFor(def.name)));
      } catch (e) {
        throw new Error(`Timer ${def.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }

    if (options.enableQueues ?? true) {
      const clientsByConnection = new Map<string, StorageClients>();
      for (const def of functions.filter((d): d is QueueDefinition => d.kind === "queue")) {
        let clients = clientsByConnection.get(def.connection);
        if (!clients) {
          clients = createStorageClients(storageSettingsFromEnv(process.env, def.connection));
          clientsByConnection.set(def.connection, clients);
        }
        listeners.push(
          new QueueListener(def, clients, {
            config: hostConfig.queues,
            sink,
            counters: countersFor(def.name),
            ...(options.receiveVisibilityMs !== undefined ? { receiveVisibilityMs: options.receiveVisibilityMs } : {}),
          }),
        );
      }
    }
    for (const def of functions) countersFor(def.name);

    await Promise.all(listeners.map((l) => l.start()));
    server = new HttpFunctionServer(
      functions.filter((d): d is HttpDefinition => d.kind === "http"),
      {
        port: options.httpPort ?? 0,
        routePrefix: hostConfig.routePrefix,
        sink,
        countersFor,
        ...(options.accessToken ? { accessToken: options.accessToken } : {}),
      },
    );
    await server.listen();
    const enabled = options.enableTimers ?? true;
    for (const [name, t] of timers) t.start(typeof enabled === "boolean" ? enabled : enabled.includes(name));

    sink({
      level: "information",
      message: `Local host started: ${functions.map((f) => `${f.name} (${f.kind})`).join(", ") || "no functions"}`,
    });

    let stopping: Promise<void> | undefined;
    const httpUrl = server.url;
    return {
      httpUrl,
      functions,
      hostConfig,
      triggerTimer: (name) => {
        const timer = timers.get(name);
        if (!timer) return Promise.reject(new Error(`No timer function is named ${name}.`));
        return timer.trigger();
      },
      counters: () => Object.fromEntries([...counters].map(([name, c]) => [name, { ...c }])),
      activity: () => ({
        polling: listeners.filter((l) => l.polling).map((l) => l.name),
        scheduledTimers: [...timers.values()].filter((t) => t.scheduled).map((t) => t.name),
      }),
      stop: () => (stopping ??= shutdown()),
    };
  } catch (e) {
    await shutdown();
    throw e;
  }
}
