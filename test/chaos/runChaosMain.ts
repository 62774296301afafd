/**
 * npm run chaos [-- --seed N] [--users N] [--kills N] [--json]: the full chaos run (FULL_CHAOS), printing its figures;
 * exits 1 on any mismatch (or a quarantine), 2 when the run itself could not finish. A run is replayed with the seed it
 * prints.
 */
import { FULL_CHAOS } from "./chaosProfiles";
import { formatChaosReport } from "./formatChaosReport";
import { runChaos } from "./runChaos";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function whole(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number; it is "${raw}".`);
  return n;
}

async function main(): Promise<void> {
  const seed = whole("seed", Date.now() % 2 ** 31);
  const json = process.argv.includes("--json");
  const say = (line: string) => (json ? console.error(line) : console.log(line));
  say(`chaos: seed ${seed}`);
  const report = await runChaos({
    ...FULL_CHAOS,
    users: whole("users", FULL_CHAOS.users),
    kills: whole("kills", FULL_CHAOS.kills),
    seed,
    log: say,
  });
  if (json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatChaosReport(report));
  const quarantined = report.phases.some((p) => p.quarantine);
  process.exitCode = report.mismatches.length === 0 && !quarantined ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(`chaos run failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
