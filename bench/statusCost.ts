/**
 * Prints what one cycleReport costs (the status endpoint, the dashboard's 3-second poll, the CLI's progress line)
 * against Azurite, for cycles of several sizes: Table Storage requests and milliseconds per report, and the requests
 * each write of the work costs (queueing, settling, recording). Figures, not assertions.
 *
 *   npm run bench:status                        # 1,000 and 10,000 pending rows and activity records
 *   npm run bench:status -- --sizes 1000,20000
 *
 * It only uses ports that exist before and after the status counters, so the same file runs on an older checkout
 * (copy it into bench/ there) to compare.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { TableClient } from "@azure/data-tables";
import { startAzurite } from "../dev/azurite/startAzurite";
import { cycleReport } from "../shared/engine/CycleStatus";
import type { EngineContext } from "../shared/engine/EngineContext";
import { ActivityLog } from "../shared/state/ActivityLog";
import type { ActivityRecord } from "../shared/state/ActivityRecord";
import { mapLimit } from "../shared/state/batches";
import { EscrowRepository } from "../shared/state/EscrowRepository";
import { cycleStarted } from "../shared/state/JobState";
import { JobStateRepository } from "../shared/state/JobStateRepository";
import { PendingWorkRepository } from "../shared/state/PendingWorkRepository";
import { RemovalRepository } from "../shared/state/RemovalRepository";
import type { TableProvider } from "../shared/state/TableProvider";
import { createStorageClients } from "../shared/storage/createStorageClients";

type PipelinePolicy = Parameters<TableClient["pipeline"]["addPolicy"]>[0];

/** Counts the HTTP requests every table client sends (a page of a query, a transaction: one each). */
class RequestCounter {
  requests = 0;
  private readonly seen = new WeakSet<TableClient>();
  private readonly policy: PipelinePolicy = {
    name: "benchRequestCounter",
    sendRequest: (request, next) => {
      this.requests++;
      return next(request);
    },
  };

  watch(client: TableClient): TableClient {
    if (!this.seen.has(client)) {
      client.pipeline.addPolicy(this.policy);
      this.seen.add(client);
    }
    return client;
  }
}

function args(): { sizes: number[]; reports: number } {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--sizes");
  const sizes =
    i >= 0
      ? (argv[i + 1] ?? "")
          .split(",")
          .map(Number)
          .filter((n) => n > 0)
      : [1000, 10_000];
  return { sizes, reports: 5 };
}

type ReportPorts = Pick<EngineContext, "jobId" | "jobs" | "pending" | "activity" | "escrows" | "removals" | "clock">;

function record(jobId: string, cycleId: string, i: number, at: Date): ActivityRecord {
  const failed = i % 20 === 0;
  return {
    jobId,
    cycleId,
    changeId: randomUUID(),
    at: at.toISOString(),
    objectType: i % 50 === 0 ? "Group" : "User",
    objectId: `object-${i}`,
    identity: `user${i}@contoso.example`,
    action: i % 10 === 0 ? "Update" : "Create",
    status: failed ? "Failure" : "Success",
    reason: failed ? "Rejected by Slack." : "Created in Slack.",
    steps: [{ name: "action", status: failed ? "Failure" : "Success", detail: "…" }],
    modifiedProperties: [{ name: "title", oldValue: null, newValue: "Tester" }],
    ...(failed ? { errorCode: "email_taken", errorMessage: "email_taken" } : {}),
  };
}

async function measure(counter: RequestCounter, ctx: ReportPorts, reports: number) {
  const times: number[] = [];
  let requests = 0;
  let last: Awaited<ReturnType<typeof cycleReport>> | undefined;
  for (let r = 0; r < reports; r++) {
    const before = counter.requests;
    const t0 = performance.now();
    last = await cycleReport(ctx);
    times.push(performance.now() - t0);
    requests = counter.requests - before;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, requests, report: last };
}

async function bench(tables: TableProvider, counter: RequestCounter, size: number, reports: number): Promise<void> {
  const jobId = `bench-${size}`;
  const cycleId = randomUUID();
  const start = new Date(Date.now() - 10 * 60_000);
  const ctx: ReportPorts = {
    jobId,
    jobs: new JobStateRepository(tables),
    pending: new PendingWorkRepository(tables),
    activity: new ActivityLog(tables),
    escrows: new EscrowRepository(tables),
    removals: new RemovalRepository(tables),
    clock: () => new Date(),
  };
  await ctx.jobs.apply(
    jobId,
    cycleStarted({ cycleId, now: start, restart: false, configHash: "bench", trigger: "manual" }),
  );

  // The work of a cycle: `size` messages queued (in steps of 200, as a delta page queues them), `size` records.
  let t0 = counter.requests;
  const keys = Array.from({ length: size }, (_, i) => `page-${Math.floor(i / 200)}|${randomUUID()}`);
  const steps = Array.from({ length: Math.ceil(size / 200) }, (_, s) => keys.slice(s * 200, (s + 1) * 200));
  await mapLimit(steps, 4, (step) =>
    ctx.pending.add(
      cycleId,
      step.map((key) => ({ key, queue: "provision-users", message: { kind: "provisionUser", key } })),
    ),
  );
  const perQueued = (counter.requests - t0) / size;
  t0 = counter.requests;
  await mapLimit(
    Array.from({ length: size }, (_, i) => i),
    32,
    (i) => ctx.activity.append(record(jobId, cycleId, i, new Date(start.getTime() + 1000 + i))),
  );
  const perRecord = (counter.requests - t0) / size;
  for (let i = 0; i < 25; i++) {
    await ctx.removals.stage(jobId, {
      objectType: "User",
      objectId: `object-${i}`,
      evidence: "unassigned",
      state: "staged",
      cycleId,
      stagedAt: start.toISOString(),
    });
  }
  const busy = await measure(counter, ctx, reports);

  // The cycle drains: every message settled (the worker's last write).
  t0 = counter.requests;
  await mapLimit(keys, 32, (key) => ctx.pending.remove(cycleId, key));
  const perSettled = (counter.requests - t0) / size;
  const drained = await measure(counter, ctx, reports);

  console.log(
    [
      `size=${size}`,
      `report(busy: backlog ${busy.report?.backlog}, records ${busy.report?.counts.total})=` +
        `${busy.requests} requests, ${busy.ms.toFixed(1)} ms`,
      `report(drained: backlog ${drained.report?.backlog})=${drained.requests} requests, ${drained.ms.toFixed(1)} ms`,
      `writes per queued=${perQueued.toFixed(2)} per record=${perRecord.toFixed(2)} per settle=${perSettled.toFixed(2)}`,
    ].join("  "),
  );
}

async function main(): Promise<void> {
  const { sizes, reports } = args();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; Azurite in memory; median of ${reports}`);
  const azurite = await startAzurite();
  try {
    const clients = createStorageClients({
      connectionString: azurite.connectionString,
      queueServiceUri: undefined,
      tableServiceUri: undefined,
      clientId: undefined,
    });
    const counter = new RequestCounter();
    const tables: TableProvider = { table: async (name) => counter.watch(await clients.ensureTable(name)) };
    for (const size of sizes) await bench(tables, counter, size, reports);
  } finally {
    await azurite.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
