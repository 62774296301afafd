import { connect } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

export interface WaitForPortOptions {
  host?: string;
  /** Give up after this many milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Stop waiting early (for example when the process that should listen has exited). Return a reason to abort. */
  abortReason?: () => string | undefined;
}

function tryConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Polls until a TCP connection to host:port succeeds, with a deadline. */
export async function waitForPort(port: number, options: WaitForPortOptions = {}): Promise<void> {
  const host = options.host ?? "127.0.0.1";
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let interval = 25;
  for (;;) {
    const reason = options.abortReason?.();
    if (reason !== undefined) throw new Error(reason);
    if (await tryConnect(port, host)) return;
    if (Date.now() > deadline) throw new Error(`Nothing answered on ${host}:${port} within the deadline.`);
    await delay(interval);
    interval = Math.min(interval * 2, 250);
  }
}
