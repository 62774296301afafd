/**
 * `npm start` — starts the whole local stack (Azurite, the Graph and Slack emulators with the seeded demo directory, the
 * local Functions host), provisions it with a progress display, then keeps running incremental cycles until Ctrl-C.
 *
 *   npm start -- --once            run until the first cycle has converged, print a summary, exit (non-zero on failure)
 *   npm start -- --once --json     the same summary as JSON on stdout
 *   npm start -- --settings FILE   run the host with the app settings in FILE (local.settings.json format) against the
 *                                  endpoints they name (real Graph and Slack) instead of the emulators
 *   npm start -- --fast            turn off Slack's rate limits in the emulator (faster demo, less faithful)
 *   npm start -- --verbose         print the host's log lines
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { CycleReport } from "../../shared/engine/CycleStatus";
import { startAzurite } from "../azurite/startAzurite";
import type { AzuriteInstance } from "../azurite/startAzurite";
import { loadDemoDirectory } from "../stack/loadDemoDirectory";
import { HostProcess } from "../stack/HostProcess";
import type { LocalStack } from "../stack/startLocalStack";
import { startLocalStack } from "../stack/startLocalStack";
import { formatProgress, formatSummary } from "./formatReport";
import { STACK_SETTINGS_FILE } from "./stackSettingsFile";
import type { CycleSummary } from "./formatReport";

interface Args {
  once: boolean;
  json: boolean;
  fast: boolean;
  verbose: boolean;
  settingsFile?: string;
  timeoutSeconds: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { once: false, json: false, fast: false, verbose: false, timeoutSeconds: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--once") args.once = true;
    else if (a === "--json") args.json = true;
    else if (a === "--fast") args.fast = true;
    else if (a === "--verbose") args.verbose = true;
    else if (a === "--settings") args.settingsFile = argv[++i];
    else if (a === "--timeout") args.timeoutSeconds = Number(argv[++i]);
    else if (a === "--help" || a === "-h") {
      console.log(
        readFileSync(__filename, "utf8")
          .split("*/")[0]
          ?.replace(/^\/\*\*|^ \* ?/gm, "") ?? "",
      );
      process.exit(0);
    } else {
      console.error(`Unknown option ${a}. Try --help.`);
      process.exit(2);
    }
  }
  return args;
}

/** Everything the CLI started, so Ctrl-C and errors stop all of it. */
interface Running {
  apiUrl: () => string;
  /** The per-run access token the host requires (only with --settings: a real tenant). */
  accessToken?: string;
  stop: () => Promise<void>;
  describe: string[];
}

const log = (args: Args, line: string): void => {
  // With --json, stdout carries only the JSON summary; progress goes to stderr.
  if (args.json) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

function hostLineFilter(args: Args): (line: string, stream: "stdout" | "stderr") => void {
  return (line, stream) => {
    if (line.startsWith("WARNING: ") && line.includes("@azure/functions")) return; // the package's test-mode notice
    if (args.verbose || stream === "stderr" || / (error|warning) /.test(line)) log(args, `  host │ ${line}`);
  };
}

async function startEmulated(args: Args): Promise<Running> {
  let seeded = { users: 0, assigned: 0, groups: 0, slackUsers: 0 };
  const stack: LocalStack = await startLocalStack({
    slackRateLimits: args.fast ? "off" : "slack",
    // --once follows the one cycle it starts: a timer cycle starting right after it converged would replace it in the
    // status before the summary is read.
    enableTimers: !args.once,
    // Near-real-time: a change made in the Graph emulator reaches Slack in seconds, not at the next timer cycle.
    notifications: !args.once,
    ...(args.fast ? { settings: { SLACK_MAX_WRITES_PER_MINUTE: "6000", SLACK_MAX_READS_PER_MINUTE: "6000" } } : {}),
    onHostLine: hostLineFilter(args),
    seed: async (graph, slack) => {
      seeded = await loadDemoDirectory(graph, slack);
    },
  });
  mkdirSync(dirname(STACK_SETTINGS_FILE), { recursive: true });
  writeFileSync(STACK_SETTINGS_FILE, JSON.stringify({ IsEncrypted: false, Values: stack.settings }, null, 2));
  return {
    apiUrl: () => stack.apiUrl(),
    stop: async () => {
      rmSync(STACK_SETTINGS_FILE, { force: true });
      await stack.stop();
    },
    describe: [
      `  Azurite    queues 127.0.0.1:${stack.azurite.queuePort}, tables 127.0.0.1:${stack.azurite.tablePort} (in memory)`,
      `  Graph      ${stack.graph.url}  demo tenant: ${seeded.users} users, ${seeded.assigned} assigned to Slack, plus ${seeded.groups} groups (nested)`,
      `  Slack      ${stack.slack.url}  ${seeded.slackUsers} users before the first cycle` +
        (args.fast ? " (rate limits off)" : " (Slack's rate limits on)"),
      `  Functions  ${stack.apiUrl()}  timer ${stack.settings.SYNC_SCHEDULE}` +
        (stack.settings.GRAPH_NOTIFICATIONS === "true" ? ", Graph change notifications on" : ""),
      `  Authorize  ${stack.apiUrl()}/slack/authorize  (connect Slack with OAuth; the Slack emulator approves at once)`,
    ],
  };
}

async function startWithSettings(args: Args, file: string): Promise<Running> {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, string> };
  const values = { ...(parsed.Values ?? {}) };
  let azurite: AzuriteInstance | undefined;
  const storage = values.AzureWebJobsStorage;
  if (!storage || /UseDevelopmentStorage=true/i.test(storage)) {
    azurite = await startAzurite();
    values.AzureWebJobsStorage = azurite.connectionString;
  }
  // Real settings: the host's API acts on a real tenant, so it requires a token printed here (as notebook servers do).
  const accessToken = randomBytes(24).toString("base64url");
  values.LOCAL_HOST_ACCESS_TOKEN = accessToken;
  if (args.once) values.LOCAL_HOST_ENABLE_TIMERS = "false"; // --once follows the one cycle it starts
  const host = new HostProcess({ env: values, onLine: hostLineFilter(args) });
  try {
    await host.start();
  } catch (e) {
    await azurite?.stop();
    throw e;
  }
  return {
    apiUrl: () => `${host.url}/api`,
    accessToken,
    stop: async () => {
      await host.stop();
      await azurite?.stop();
    },
    describe: [
      `  Settings   ${file}`,
      `  Graph      ${values.GRAPH_BASE_URL ?? "https://graph.microsoft.com"}`,
      `  Slack      ${values.SLACK_SCIM_BASE_URL ?? "https://api.slack.com/scim/v2"}`,
      `  Storage    ${azurite ? "Azurite (in memory)" : "from settings"}`,
      `  Functions  ${host.url}/api  (send x-functions-key: ${accessToken}, or ?code=)`,
      `  Dashboard  ${host.url}/api/dashboard?code=${accessToken}`,
    ],
  };
}

async function api<T>(running: Running, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const headers = new Headers(init?.headers);
  if (running.accessToken) headers.set("x-functions-key", running.accessToken);
  const res = await fetch(`${running.apiUrl()}${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  log(args, "Entra ID → Slack provisioning — local stack");
  const running = args.settingsFile ? await startWithSettings(args, args.settingsFile) : await startEmulated(args);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(130));
  process.once("SIGTERM", () => void stop(143));
  running.describe.forEach((l) => log(args, l));

  try {
    const test = await api<{ checks: { system: string; ok: boolean; detail: string; errorCode?: string }[] }>(
      running,
      "/connection/test",
      { method: "POST" },
    );
    for (const c of test.body.checks) {
      log(args, `  ${c.ok ? "✓" : "✗"} ${c.system}: ${c.detail}${c.errorCode ? ` (${c.errorCode})` : ""}`);
    }
    if (test.status !== 200) {
      log(args, "The connection test failed: fix the settings above and start again.");
      await stop(1);
      return 1;
    }

    const started = await api<{ started: boolean; cycleId?: string; reason?: string }>(running, "/cycles", {
      method: "POST",
    });
    if (!started.body.started)
      log(args, `No new cycle started: ${started.body.reason ?? "?"}; following the current one.`);
    const deadline = Date.now() + args.timeoutSeconds * 1000;
    let last = "";
    let report: CycleReport | undefined;
    for (;;) {
      report = (await api<CycleReport>(running, "/status")).body;
      const line = formatProgress(report);
      if (line !== last) {
        if (process.stdout.isTTY && !args.json) process.stdout.write(`\r\x1b[2K${line}`);
        else log(args, line);
        last = line;
      }
      if (report.converged) break;
      if (report.phase === "failed" || (report.lastError && report.phase !== "reading")) break;
      if (report.lastError && /Credential/.test(report.lastError.code)) break;
      if (Date.now() > deadline) break;
      await delay(500);
    }
    if (process.stdout.isTTY && !args.json) process.stdout.write("\n");
    const slack = await api<{ users: { total: number; active: number }; groups: number | null }>(
      running,
      "/status/slack?exact=true",
    ).catch(() => undefined);
    const summary: CycleSummary = { report, ...(slack?.status === 200 ? { slack: slack.body } : {}) };
    if (args.json) process.stdout.write(`${JSON.stringify(toJson(summary), null, 2)}\n`);
    else formatSummary(summary).forEach((l) => log(args, l));
    const ok = report.converged && !report.lastError;
    if (args.once) {
      await stop(ok ? 0 : 1);
      return ok ? 0 : 1;
    }
    log(
      args,
      "Running incremental cycles on the timer. Change the demo directory through the emulators' /_admin APIs.",
    );
    log(args, "Press Ctrl-C to stop.");
    await followCycles(args, running, report.cycleId);
    return 0;
  } catch (e) {
    log(args, `Error: ${e instanceof Error ? e.message : String(e)}`);
    await stop(1);
    return 1;
  }
}

/** After the first cycle: print one line per converged cycle until Ctrl-C. */
async function followCycles(args: Args, running: Running, seen: string | undefined): Promise<void> {
  let reported = seen;
  for (;;) {
    await delay(1000);
    const report = (await api<CycleReport>(running, "/status")).body;
    if (report.cycleId && report.cycleId !== reported && report.converged) {
      reported = report.cycleId;
      log(args, `${new Date().toISOString()}  ${formatProgress(report)}`);
    }
    if (report.lastError && report.cycleId !== reported) {
      log(args, `${new Date().toISOString()}  ${report.lastError.code}: ${report.lastError.message}`);
      reported = report.cycleId;
    }
  }
}

function toJson(summary: CycleSummary): object {
  const r = summary.report;
  return {
    cycleId: r.cycleId,
    converged: r.converged,
    full: r.full,
    durationSeconds: r.durationSeconds,
    counts: r.counts,
    groupCounts: r.groupCounts,
    rejected: r.rejected,
    rejectedTotal: r.rejectedTotal,
    slack: summary.slack ?? null,
    backlog: r.backlog,
    pagesRead: r.pagesRead,
    objectsRead: r.objectsRead,
    lastError: r.lastError ?? null,
  };
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
