import assert from "node:assert/strict";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import type { CycleReport } from "../../../shared/engine/CycleStatus";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { InMemoryEngine, InMemoryEngineOptions } from "./createInMemoryEngine";
import { createInMemoryEngine } from "./createInMemoryEngine";
import { drainInMemory } from "./drainInMemory";

/**
 * An in-memory engine whose Graph has `users` assigned directly: the first cycle reads them in one full users page (no
 * groups), and every later cycle reads empty incremental rounds (delta links "U" and "G").
 */
export function directTenant(users: readonly GraphUser[], options: InMemoryEngineOptions = {}): InMemoryEngine {
  const e = createInMemoryEngine(options);
  assignDirectly(e, users);
  e.graph.scriptGroupsDelta(undefined, { items: [], deltaLink: "G" });
  e.graph.scriptGroupsDelta("G", { items: [], deltaLink: "G" });
  e.graph.scriptUsersDelta(undefined, { items: users.map((object) => ({ kind: "present", object })), deltaLink: "U" });
  e.graph.scriptUsersDelta("U", { items: [], deltaLink: "U" });
  return e;
}

/** Assigns every one of `users` to the application directly (app role "r"), replacing the Graph's assignments. */
export function assignDirectly(e: InMemoryEngine, users: readonly GraphUser[]): void {
  const sp = e.ctx.servicePrincipalId;
  e.graph.assignments = users.map((u, i) => ({
    id: `a${i}`,
    appRoleId: "r",
    principalId: u.id,
    principalType: "User" as const,
    resourceId: sp,
  }));
}

/** Starts a cycle by hand, plays the queues until nothing is left, and returns the cycle's report. */
export async function runCycleInMemory(e: InMemoryEngine, options: { full?: boolean } = {}): Promise<CycleReport> {
  const started = await new CycleStarter(e.ctx).start({ trigger: "manual", full: options.full === true });
  assert.ok(started.started, started.started ? "" : started.reason);
  await drainInMemory(e);
  return cycleReport(e.ctx);
}

/** The userNames Slack holds (deactivated users included), sorted. */
export function slackUserNames(e: InMemoryEngine): string[] {
  return e.slack.directory
    .allUsers()
    .map((u) => e.slack.directory.toScim(u).userName)
    .sort();
}
