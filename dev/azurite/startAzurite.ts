import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { azuriteConnectionString } from "./azuriteConnectionString";
import { pickFreePorts } from "./pickFreePort";
import { waitForPort } from "./waitForPort";

export interface StartAzuriteOptions {
  /** Fixed ports; any left out are picked free on 127.0.0.1. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** Deadline for the ports to answer (default 30 000 ms). */
  startTimeoutMs?: number;
  /** Pass --loose (ignore unsupported headers and parameters). Default true. */
  loose?: boolean;
  /** Attempts when a picked port was taken before Azurite could bind it (default 5). */
  attempts?: number;
  /**
   * Azurite's V8 heap limit in MB (default: Node's, about 4 GB here). In-memory Azurite holds every row and message in
   * its heap: a bench tenant of tens of thousands of users needs more.
   */
  maxHeapMb?: number;
}

export interface AzuriteInstance {
  /** devstoreaccount1 with the well-known key and explicit Blob/Queue/Table endpoints. */
  connectionString: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
  pid: number;
  /** Kills Azurite (SIGTERM, then SIGKILL after a grace period) and resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Children still running, killed synchronously if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

function azuriteEntry(): string {
  return join(dirname(require.resolve("azurite/package.json")), "dist", "src", "azurite.js");
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

class AddressInUse extends Error {}

async function startOnce(
  ports: { blobPort: number; queuePort: number; tablePort: number },
  options: StartAzuriteOptions,
): Promise<AzuriteInstance> {
  const cwd = mkdtempSync(join(tmpdir(), "azurite-"));
  const args = [
    ...(options.maxHeapMb !== undefined ? [`--max-old-space-size=${Math.floor(options.maxHeapMb)}`] : []),
    "--require",
    join(__dirname, "exitWithParent.js"),
    "--require",
    join(__dirname, "batchedExtentSweep.js"),
    azuriteEntry(),
    "--inMemoryPersistence",
    "--disableTelemetry",
    "--skipApiVersionCheck",
    "--silent",
    ...(options.loose === false ? [] : ["--loose"]),
    "--blobHost",
    "127.0.0.1",
    "--blobPort",
    String(ports.blobPort),
    "--queueHost",
    "127.0.0.1",
    "--queuePort",
    String(ports.queuePort),
    "--tableHost",
    "127.0.0.1",
    "--tablePort",
    String(ports.tablePort),
  ];
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  running.add(child);
  installExitHook();

  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  // Neither the pipes nor the IPC channel (which only exists so the child notices our death) keep this process alive.
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  child.channel?.unref();
  child.unref();

  let spawnError: Error | undefined;
  child.once("error", (e) => (spawnError = e));
  const cleanup = () => {
    running.delete(child);
    rmSync(cwd, { recursive: true, force: true });
  };
  child.once("exit", cleanup);

  const exitedReason = (): string | undefined => {
    if (spawnError) return `Azurite could not be started: ${spawnError.message}`;
    if (child.exitCode === null && child.signalCode === null) return undefined;
    return `Azurite exited (${child.exitCode ?? child.signalCode}) before it was ready: ${output.trim()}`;
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        if (!(await waitForExit(child, 5000))) {
          child.kill("SIGKILL");
          await waitForExit(child, 5000);
        }
      }
      cleanup();
    })();
    return stopping;
  };

  try {
    const deadline = options.startTimeoutMs ?? 30_000;
    for (const port of [ports.blobPort, ports.queuePort, ports.tablePort]) {
      await waitForPort(port, { timeoutMs: deadline, abortReason: exitedReason });
    }
  } catch (e) {
    await stop();
    if (/EADDRINUSE/.test(output)) throw new AddressInUse(output);
    throw e;
  }
  if (child.pid === undefined) throw new Error("Azurite has no pid");
  return {
    connectionString: azuriteConnectionString(ports),
    ...ports,
    pid: child.pid,
    stop,
  };
}

/**
 * Starts Azurite 3.37 from node_modules as a child process: in memory, telemetry off, API version check off, on free
 * loopback ports for blob, queue and table. Resolves once all three ports answer. The child exits when this process
 * does (IPC channel watchdog plus an exit hook), so a crashed test leaves no orphan.
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteInstance> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const free = await pickFreePorts(3);
    const ports = {
      blobPort: options.blobPort ?? free[0] ?? 0,
      queuePort: options.queuePort ?? free[1] ?? 0,
      tablePort: options.tablePort ?? free[2] ?? 0,
    };
    try {
      return await startOnce(ports, options);
    } catch (e) {
      if (!(e instanceof AddressInUse) || attempt >= attempts) {
        throw e instanceof AddressInUse ? new Error(`Azurite could not bind its ports: ${e.message}`) : e;
      }
    }
  }
}
