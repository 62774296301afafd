import { setTimeout as delay } from "node:timers/promises";

export interface WaitForOptions {
  /** Give up after this long (default 10 000 ms). */
  timeoutMs?: number;
  /** Poll interval (default 25 ms). */
  intervalMs?: number;
  /** Describes what was awaited, for the timeout error. */
  what?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/false, then returns that value; fails after a
 * deadline with the last probe error (if any). Use instead of sleeping in tests.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out waiting for ${options.what ?? "a condition"}${why}`);
    }
    await delay(options.intervalMs ?? 25);
  }
}

/** Whether a process with this pid exists (signal 0 succeeds, or is refused for lack of permission). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
