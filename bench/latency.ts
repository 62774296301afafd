/**
 * Latency from a change in Entra to the write in Slack, driven by Graph change notifications only (no timer cycles):
 * the local stack with the demo tenant, Slack's rate limits and the app's default pacing, the Graph emulator notifying
 * at once. After the initial sync it makes changes one at a time (job titles, disables, a new member of a nested
 * assigned group, a new user in an assigned group), then a burst of them at once, and prints for each phase the count,
 * p50, p95 and max of the time from the change to the matching write in the Slack emulator's request log, and every
 * change that never arrived within the deadline (a failure: exit code 1). Figures, not assertions.
 *
 *   npm run bench:latency
 *   npm run bench:latency -- --changes 60 --interval-ms 1500 --burst 20 --deadline-s 120
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { CycleReport } from "../shared/engine/CycleStatus";
import type { NotificationStatus } from "../shared/notifications/notificationStatus";
import { GraphEmulatorAdminClient } from "../dev/graph-emulator/GraphEmulatorAdminClient";
import { SlackEmulatorAdminClient } from "../dev/slack-emulator/SlackEmulatorAdminClient";
import type { DemoLoaded } from "../dev/stack/loadDemoDirectory";
import { loadDemoDirectory } from "../dev/stack/loadDemoDirectory";
import type { LocalStack } from "../dev/stack/startLocalStack";
import { startLocalStack } from "../dev/stack/startLocalStack";
import type { ChangeSubjects } from "./latency/changeSubjects";
import { changeSubjects } from "./latency/changeSubjects";
import type { ChangeKind, TimedChange } from "./latency/ExpectedWrite";
import { formatLatencyReport } from "./latency/formatLatencyReport";
import type { ChangeArrival } from "./latency/matchWrites";
import { matchWrites } from "./latency/matchWrites";
import type { LatencyArgs } from "./latency/parseLatencyArgs";
import { parseLatencyArgs } from "./latency/parseLatencyArgs";
import { planChanges } from "./latency/planChanges";

type Status = CycleReport & { notifications?: NotificationStatus };

const DOMAIN = "contoso.example";

async function status(stack: LocalStack): Promise<Status> {
  return (await (await fetch(`${stack.apiUrl()}/status`)).json()) as Status;
}

/** Polls `probe` until it yields a value, failing after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await delay(250);
  }
}

/** Makes the changes of one phase in the Graph emulator and says what Slack write shows each one arrived. */
class ChangeMaker {
  private created = 0;

  constructor(
    private readonly graph: GraphEmulatorAdminClient,
    private readonly subjects: ChangeSubjects,
  ) {}

  async make(kind: ChangeKind, tag: string): Promise<TimedChange> {
    const s = this.subjects;
    switch (kind) {
      case "jobTitle":
      case "disable": {
        const user = s.provisioned.shift();
        if (!user) throw new Error("No provisioned user is left to change: ask for fewer changes.");
        const at = Date.now();
        if (kind === "jobTitle") {
          const value = `Latency ${tag}`;
          await this.graph.updateUser(user.entraId, { jobTitle: value });
          return { label: user.userPrincipalName, kind, at, expect: { kind: "value", slackId: user.slackId, value } };
        }
        await this.graph.updateUser(user.entraId, { accountEnabled: false });
        return { label: user.userPrincipalName, kind, at, expect: { kind: "deactivate", slackId: user.slackId } };
      }
      case "nestedMember": {
        const group = s.nestedGroupIds[this.created % s.nestedGroupIds.length] ?? "";
        const existing = s.outOfScope.shift();
        const at = Date.now();
        const user = existing ?? (await this.newUser(tag));
        await this.graph.addMember(group, user.entraId);
        return {
          label: user.userPrincipalName,
          kind,
          at,
          expect: { kind: "create", userName: user.userPrincipalName },
        };
      }
      case "newUserInGroup": {
        const group = s.assignedGroupIds[this.created % s.assignedGroupIds.length] ?? "";
        const at = Date.now();
        const user = await this.newUser(tag);
        await this.graph.addMember(group, user.entraId);
        return {
          label: user.userPrincipalName,
          kind,
          at,
          expect: { kind: "create", userName: user.userPrincipalName },
        };
      }
    }
  }

  private async newUser(tag: string): Promise<{ entraId: string; userPrincipalName: string }> {
    const n = ++this.created;
    const upn = `lat.${tag.replace(/[^a-z0-9]/gi, "").toLowerCase()}.${n}@${DOMAIN}`;
    const u = await this.graph.createUser({
      userPrincipalName: upn,
      mail: upn,
      displayName: `Latency User ${n}`,
      givenName: "Latency",
      surname: `User ${n}`,
      jobTitle: "Tester",
      accountEnabled: true,
    });
    return { entraId: u.id, userPrincipalName: upn };
  }
}

/** Polls the Slack emulator's request log until every change has its write, or the deadline after the last change. */
async function arrivals(
  slack: SlackEmulatorAdminClient,
  changes: TimedChange[],
  deadlineMs: number,
): Promise<ChangeArrival[]> {
  const last = Math.max(...changes.map((c) => c.at));
  for (;;) {
    const matched = matchWrites(changes, await slack.requests());
    if (matched.every((m) => m.latencyMs !== undefined) || Date.now() > last + deadlineMs) return matched;
    await delay(250);
  }
}

async function phase(
  stack: LocalStack,
  name: string,
  kinds: ChangeKind[],
  intervalMs: number,
  maker: ChangeMaker,
  slack: SlackEmulatorAdminClient,
  args: LatencyArgs,
): Promise<{ lines: string[]; failed: number }> {
  const writesBefore = (await slack.requests()).length;
  const changes: TimedChange[] = [];
  const start = Date.now();
  for (const [i, kind] of kinds.entries()) {
    changes.push(await maker.make(kind, `${name}${i}`));
    if (intervalMs > 0) await delay(Math.max(0, start + (i + 1) * intervalMs - Date.now()));
  }
  const matched = await arrivals(slack, changes, args.deadlineMs);
  await quiet(stack);
  const log = (await slack.requests()).slice(writesBefore);
  const writes = log.filter((r) => r.method !== "GET");
  const lines = formatLatencyReport(
    `${name} (${intervalMs > 0 ? `one change every ${intervalMs} ms` : "all at once"})`,
    matched,
    args.deadlineMs,
  );
  lines.push(
    `  Slack, from the first change until the app was idle again: ${writes.length} writes, ${log.length - writes.length} reads, ${log.filter((r) => r.status === 429).length} answered 429`,
  );
  if (args.verbose) {
    for (const m of matched) {
      const when = m.latencyMs === undefined ? "missing" : `${(m.latencyMs / 1000).toFixed(2)} s`;
      lines.push(`    +${((m.change.at - start) / 1000).toFixed(1)} s ${m.change.kind} ${m.change.label}: ${when}`);
    }
  }
  return { lines, failed: matched.filter((m) => m.latencyMs === undefined).length };
}

/** Appends each host line to `file` with the time it was printed. */
function hostLogWriter(file: string): (line: string, stream: "stdout" | "stderr") => void {
  writeFileSync(file, "");
  return (line, stream) =>
    appendFileSync(file, `${new Date().toISOString()} ${stream === "stderr" ? "ERR " : ""}${line}\n`);
}

async function quiet(stack: LocalStack): Promise<Status> {
  return until("the app to be idle (cycle converged, no catch-up pending)", 300_000, async () => {
    const s = await status(stack);
    return s.converged && !s.notifications?.catchUpPending ? s : undefined;
  });
}

async function main(): Promise<number> {
  const args = parseLatencyArgs(process.argv.slice(2));
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores`);
  let demo: DemoLoaded | undefined;
  const stack = await startLocalStack({
    // Only change notifications start cycles: no sync timer (the subscriptions' timer still runs).
    enableTimers: false,
    notifications: true,
    ...(args.hostLog ? { onHostLine: hostLogWriter(args.hostLog) } : {}),
    seed: async (graph, slack) => {
      demo = await loadDemoDirectory(graph, slack);
    },
  });
  try {
    if (!demo) throw new Error("the demo directory was not loaded");
    const graph = new GraphEmulatorAdminClient(stack.graph.url);
    const slack = new SlackEmulatorAdminClient(stack.slack.url);
    await graph.setNotificationSettings({ notificationDelayMs: 0 });
    console.log(
      `stack: demo tenant (${demo.users} users, ${demo.assigned} assigned, ${demo.groups} assigned groups), ` +
        `Slack's rate limits on, SLACK_MAX_WRITES_PER_MINUTE ${stack.settings.SLACK_MAX_WRITES_PER_MINUTE ?? "150 (default)"}, ` +
        "no timer cycles, Graph notification delay 0",
    );

    const t0 = performance.now();
    const res = await fetch(`${stack.apiUrl()}/cycles`, { method: "POST" });
    const { cycleId } = (await res.json()) as { cycleId?: string };
    await until("the initial sync to converge", 900_000, async () => {
      const s = await status(stack);
      return s.cycleId === cycleId && s.converged ? s : undefined;
    });
    await until("the users and groups subscriptions", 60_000, async () =>
      (await graph.listSubscriptions()).length >= 2 ? true : undefined,
    );
    await quiet(stack);
    console.log(`initial sync converged in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const { demo: dir } = demo;
    const subjects = changeSubjects(
      {
        ...dir,
        excludedUserIds: [
          ...dir.expectedRejections.map((r) => r.objectId),
          ...dir.slackMatches.flatMap((m) => (m.entraObjectId ? [m.entraObjectId] : [])),
        ],
      },
      await slack.listUsers(),
    );
    console.log(
      `subjects: ${subjects.provisioned.length} provisioned users, ${subjects.outOfScope.length} out of scope, ` +
        `${subjects.nestedGroupIds.length} nested and ${subjects.assignedGroupIds.length} assigned groups`,
    );
    await slack.clearRequests();
    const maker = new ChangeMaker(graph, subjects);
    let failed = 0;
    const spaced = await phase(stack, "spaced", planChanges(args.changes), args.intervalMs, maker, slack, args);
    spaced.lines.forEach((l) => console.log(l));
    failed += spaced.failed;
    if (args.burst > 0) {
      const burst = await phase(stack, "burst", planChanges(args.burst), 0, maker, slack, args);
      burst.lines.forEach((l) => console.log(l));
      failed += burst.failed;
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
