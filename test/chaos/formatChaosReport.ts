import { MISMATCH_KINDS } from "./compareSlack";
import type { ChaosReport } from "./runChaos";

/** The figures of a chaos run as text: tenant, kills, faults by kind, time to converge per phase, and the mismatches. */
export function formatChaosReport(r: ChaosReport): string {
  const lines: string[] = [];
  const t = r.tenant;
  lines.push(
    `chaos run, seed ${r.seed} (replay: npm run chaos -- --seed ${r.seed} --users ${r.users} --kills ${r.kills.length})`,
  );
  lines.push(
    `  users        ${r.users}: ${t.directOnly} direct only, ${t.orgOnly} only through nested groups ` +
      `(${t.multiPath} by two paths), ${t.massOnly} only through the mass groups, ${t.directAndOrg + t.directAndMass} ` +
      `both ways, ${t.disabledAtStart} blocked, ${t.out} out of scope`,
  );
  lines.push(
    `  kills        ${r.kills.length} SIGKILL: ` +
      (r.kills.map((k) => `${k.atSeconds.toFixed(1)} s (${k.created}/${k.expectedCreates} created)`).join(", ") || "-"),
  );
  const s = r.faults.slack;
  const g = r.faults.graph;
  lines.push(
    `  faults       ${s.serverError + g.serverError} 5xx, ${s.throttle + g.throttle} 429 with Retry-After, ` +
      `${s.timeout + g.timeout} timeouts, ${s.noContent} PATCH/PUT answered 204`,
  );
  lines.push(
    `               Slack: ${s.serverError} 5xx, ${s.throttle} 429, ${s.timeout} timeouts, ${s.noContent} 204 ` +
      `(of ${r.slackRequests} requests); Graph: ${g.serverError} 5xx, ${g.throttle} 429, ${g.timeout} timeouts ` +
      `(of ${r.graphRequests} requests)`,
  );
  for (const p of r.phases) {
    lines.push(
      `  ${p.name.padEnd(12)} converged in ${p.secondsToConverge.toFixed(1)} s, ${p.cycles} cycle(s)` +
        (p.failedCycles ? `, ${p.failedCycles} failed` : "") +
        `, ${p.expectedActive} active expected` +
        (p.escrowedAtConvergence ? `, ${p.escrowedAtConvergence} escrowed at convergence` : "") +
        (p.quarantine ? `, QUARANTINED: ${p.quarantine}` : ""),
    );
  }
  const c = r.changes;
  lines.push(
    `  changes      ${c.updated} updated, ${c.unassigned} unassigned, ${c.disabled} disabled, ${c.removedFromGroup} ` +
      `removed from their group, ${c.stillInScope} lost one path only, ${c.added} brought into scope`,
  );
  lines.push(`  held         ${r.held.users} users and ${r.held.groups} groups (the mass removal)`);
  lines.push(`  escrowed     ${r.escrows.objects} object(s) (${r.escrows.records} escrow record(s))`);
  lines.push(`  Slack        ${r.slackCreates} users created (POST 201)`);
  const counts = MISMATCH_KINDS.map((k) => `${r.mismatches.filter((m) => m.kind === k).length} ${k}`);
  lines.push(`  mismatches   ${r.mismatches.length}: ${counts.join(", ")}`);
  for (const m of r.mismatches.slice(0, 50)) lines.push(`    [${m.phase}] ${m.kind} ${m.subject}: ${m.detail}`);
  if (r.mismatches.length > 50) lines.push(`    … and ${r.mismatches.length - 50} more`);
  lines.push(`  total        ${r.durationSeconds.toFixed(1)} s`);
  return lines.join("\n");
}
