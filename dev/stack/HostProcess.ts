import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { NODE_WORKER_ARGUMENTS_SETTING, nodeWorkerArguments } from "../../shared/hosting/nodeWorkerArguments";

export interface HostProcessOptions {
  /** App settings for the host (merged over the parent's environment). */
  env: Record<string, string>;
  /** Called with every line the host prints. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  readyTimeoutMs?: number;
}

/**
 * The local Functions host (dev/host/main) as a separate child process, so it can be killed mid-cycle and started again
 * while Azurite and the emulators keep their state.
 */
export class HostProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  url = "";

  constructor(private readonly options: HostProcessOptions) {}

  async start(): Promise<string> {
    const main = join(__dirname, "..", "host", "main.js");
    // Started like the Functions host starts its Node worker: with languageWorkers__node__arguments (the app's own
    // default where the settings do not name it).
    const settings = { ...process.env, ...this.options.env };
    const nodeArgs = nodeWorkerArguments(settings[NODE_WORKER_ARGUMENTS_SETTING]);
    const child = spawn(process.execPath, [...nodeArgs, main], {
      env: settings,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The local host did not start within ${timeoutMs} ms.`)),
        timeoutMs,
      );
      const onData = (stream: "stdout" | "stderr") => {
        let buffer = "";
        return (chunk: Buffer) => {
          buffer += chunk.toString("utf8");
          let nl: number;
          while ((nl = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, nl).replace(/\r$/, "");
            buffer = buffer.slice(nl + 1);
            const ready = /^local host ready http=(\S+)/.exec(line);
            if (ready?.[1]) {
              clearTimeout(timer);
              resolve(ready[1]);
            }
            this.options.onLine?.(line, stream);
          }
        };
      };
      child.stdout?.on("data", onData("stdout"));
      child.stderr?.on("data", onData("stderr"));
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`The local host exited with code ${code} before it was ready.`));
      });
    });
    return this.url;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Kills the host abruptly (SIGKILL): in-flight work is lost exactly as in a crash. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** Stops the host cleanly (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 35_000).unref());
    if ((await Promise.race([this.exited, timeout])) === "timeout") {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }
}
