import { setTimeout as delay } from "node:timers/promises";

export interface ProbeReport<T> {
  result: T;
  /** Probes answered while the attack ran (at least one: the first starts with the attack). */
  probes: number;
  /** The slowest probe's answer time, in ms (a probe that failed or answered non-2xx counts as Infinity). */
  worstMs: number;
}

/**
 * Runs `attack` while asking `probeUrl` (e.g. /api/status) again and again, one request at a time, and reports the
 * slowest answer: how responsive the host stayed under the attack. Each probe is cut off after `probeTimeoutMs`.
 */
export async function whileProbing<T>(
  probeUrl: string,
  attack: () => Promise<T>,
  probeTimeoutMs = 5000,
): Promise<ProbeReport<T>> {
  let done = false;
  let probes = 0;
  let worstMs = 0;
  const probing = (async () => {
    do {
      const started = performance.now();
      const ok = await fetch(probeUrl, { signal: AbortSignal.timeout(probeTimeoutMs) }).then(
        async (r) => (await r.arrayBuffer(), r.ok),
        () => false,
      );
      worstMs = Math.max(worstMs, ok ? performance.now() - started : Number.POSITIVE_INFINITY);
      probes++;
      if (!done) await delay(20);
    } while (!done);
  })();
  let result: T;
  try {
    result = await attack();
  } finally {
    done = true;
    await probing;
  }
  return { result, probes, worstMs };
}
