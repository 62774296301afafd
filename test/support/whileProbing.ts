import { setTimeout as delay } from "node:timers/promises";

export interface ProbeReport<T> {
  result: T;
  /** Probes answered while the attack ran (at least one: the first starts with the attack). */
  probes: number;
  /** The slowest probe's answer time, in ms (a probe that failed or answered non-2xx counts as Infinity). */
  worstMs: number;
  /** The median probe's answer time, in ms. */
  medianMs: number;
}

/**
 * Whether the host stayed responsive under an attack: the median probe answered within a second and the slowest within
 * 2.5 s. A blocked event loop (a body parsed synchronously, a runaway regular expression) stalls probes for the whole
 * attack; one slow answer from a CPU-starved machine (other test runs on 2 cores) is not that. Throws with the figures.
 */
export function assertResponsive(report: ProbeReport<unknown>, during: string): void {
  if (report.medianMs < 1000 && report.worstMs < 2500) return;
  throw new Error(
    `/api/status was not responsive during ${during}: median ${report.medianMs.toFixed(0)} ms (budget 1,000), ` +
      `slowest ${report.worstMs.toFixed(0)} ms (budget 2,500), ${report.probes} probe(s)`,
  );
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
  const times: number[] = [];
  const probing = (async () => {
    do {
      const started = performance.now();
      const ok = await fetch(probeUrl, { signal: AbortSignal.timeout(probeTimeoutMs) }).then(
        async (r) => (await r.arrayBuffer(), r.ok),
        () => false,
      );
      const ms = ok ? performance.now() - started : Number.POSITIVE_INFINITY;
      worstMs = Math.max(worstMs, ms);
      times.push(ms);
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
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)] ?? Number.POSITIVE_INFINITY;
  return { result, probes, worstMs, medianMs };
}
