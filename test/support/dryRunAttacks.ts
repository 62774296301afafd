import { monitorEventLoopDelay } from "node:perf_hooks";
import { readdirSync } from "node:fs";

/**
 * The hostile inputs of the dry-run budget tests. The "slow in total" attack repeats a regular expression that is
 * moderately slow on every use — never past its own 100 ms budget, so it is never stopped or benched — over many users
 * or many times in one expression, until the total is far beyond the dry run's budget.
 */

/** The catastrophic Replace of the issue: `^(a+)+$` on "aaaa…!" (2^length backtracking steps). */
export function catastrophicReplace(length: number): string {
  return `Replace("${"a".repeat(length)}!", , "^(a+)+$", , "x", , )`;
}

/**
 * The length of "aaaa…!" for which `^(a+)+$` takes at least `minMs` on this machine now (the least of three runs, so a
 * pause does not count): minMs to 2·minMs, as each "a" doubles the work. A pattern's first use in a fresh thread runs
 * in V8's regexp interpreter, about ten times slower: keep minMs ≤ 8 for every use to stay below the 100 ms budget.
 */
export function moderateBacktrackingLength(minMs = 8): number {
  const re = /^(a+)+$/;
  for (let length = 12; length < 32; length++) {
    const subject = `${"a".repeat(length)}!`;
    let least = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      re.test(subject);
      least = Math.min(least, performance.now() - started);
    }
    if (least >= minMs) return length;
  }
  throw new Error("could not calibrate the backtracking length");
}

/**
 * `uses` copies of a moderately slow Replace joined into one value: a user's evaluation costs `uses` times one use,
 * while no single use comes near its own 100 ms budget (each is budgeted and timed on its own).
 */
export function manyModerateReplaces(uses: number, length: number): string {
  return `Join(" ", ${Array.from({ length: uses }, () => catastrophicReplace(length)).join(", ")})`;
}

/** A candidate mapping file (YAML): the gallery's userName, work email and displayName, plus `expressions`. */
export function candidateWith(expressions: readonly { target: string; expression: string }[]): string {
  return [
    "version: 1",
    "users:",
    "  attributes:",
    "    - { target: userName, source: { attribute: userPrincipalName }, matching: 1 }",
    "    - { target: 'emails[type eq \"work\"].value', source: { attribute: mail }, matching: 2 }",
    "    - { target: displayName, source: { attribute: displayName } }",
    ...expressions.flatMap(({ target, expression }) => [
      `    - target: '${target}'`,
      "      source:",
      `        expression: '${expression}'`,
    ]),
  ].join("\n");
}

/** A candidate mapping file (YAML) whose title comes from `expression`. */
export function candidateWithTitle(expression: string): string {
  return candidateWith([{ target: "title", expression }]);
}

export interface Responsiveness {
  /** Latency of each probe that completed while the work ran, in ms. */
  latenciesMs: number[];
  /** The largest event-loop delay seen meanwhile, in ms. */
  maxLoopDelayMs: number;
}

/**
 * Calls `probe` again and again while `work` runs (a cheap request such as GET /api/status), and watches the event
 * loop's delay: what a caller of the host sees while the dry run is being evaluated.
 */
export async function probeWhile(work: Promise<unknown>, probe: () => Promise<unknown>): Promise<Responsiveness> {
  let done = false;
  const finished = work.then(
    () => (done = true),
    () => (done = true),
  );
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const latenciesMs: number[] = [];
  while (!done) {
    const started = performance.now();
    await probe();
    latenciesMs.push(performance.now() - started);
  }
  await finished;
  delay.disable();
  return { latenciesMs, maxLoopDelayMs: delay.max / 1e6 };
}

/** The OS threads of this process (Linux), or undefined where /proc is not there. */
export function processThreads(): Set<string> | undefined {
  try {
    return new Set(readdirSync("/proc/self/task"));
  } catch {
    return undefined;
  }
}
