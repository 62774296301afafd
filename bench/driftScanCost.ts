/**
 * Prints what a drift scan costs on the local stack with Slack's real rate limits in the emulator: how long a scan of
 * N Slack users takes, and how many Slack reads it made against Slack's org-wide read limit (1,000 a minute). The Slack
 * emulator holds N users; the job manages 99 % of them (their links and Slack-id index rows are written to Azurite as
 * the provisioner would have left them) and 1 % are Slack users it does not manage; 1 % of the managed users have a
 * title edited by hand. The scan runs in report mode, so only the scan is measured (a repair costs one PATCH per
 * drifted user, through the provisioner and the write governor). Figures, not assertions.
 *
 *   npm run bench:drift                       # 10,000 Slack users
 *   npm run bench:drift -- --sizes 1000,10000
 */
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { LocalStack } from "../dev/stack/startLocalStack";
import { startLocalStack } from "../dev/stack/startLocalStack";
import type { DriftStatus } from "../shared/drift/driftStatus";
import { TARGET } from "../shared/mapping";
import { mapLimit } from "../shared/state/batches";
import { IdentityLinkRepository } from "../shared/state/IdentityLinkRepository";
import { SlackIndexRepository } from "../shared/state/SlackIndexRepository";
import type { TableProvider } from "../shared/state/TableProvider";
import { createStorageClients } from "../shared/storage/createStorageClients";

const SLACK_READS_PER_MINUTE = 1000;

function sizes(): number[] {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--sizes");
  const list = i >= 0 ? (argv[i + 1] ?? "").split(",").map(Number) : [10_000];
  return list.filter((n) => Number.isInteger(n) && n > 0);
}

interface Row {
  users: number;
  managed: number;
  seedSeconds: number;
  scanSeconds: number;
  pages: number;
  slackReads: number;
  readsPerMinute: number;
  drifted: number;
}

async function benchOne(size: number): Promise<Row> {
  const names = Array.from({ length: size }, (_, i) => `u${String(i).padStart(6, "0")}`);
  const seeded = performance.now();
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({
      slackRateLimits: "slack",
      enableTimers: false,
      settings: {
        SLACK_MAX_READS_PER_MINUTE: String(SLACK_READS_PER_MINUTE),
        DRIFT_MODE: "report",
        DRIFT_SCAN_INTERVAL_HOURS: "0",
      },
      seed: (_graph, slack) => {
        slack.store.seedUsers(
          names.map((n) => ({
            userName: n,
            emails: [{ value: `${n}@contoso.example` }],
            name: { givenName: "User", familyName: n },
            title: "Engineer",
          })),
        );
      },
    });
    const s = stack;
    const users = s.slack.store.listUsers();
    const jobId = s.settings.SYNC_JOB_ID ?? "slack";
    const clients = createStorageClients({
      connectionString: s.azurite.connectionString,
      queueServiceUri: undefined,
      tableServiceUri: undefined,
      clientId: undefined,
    });
    const tables: TableProvider = { table: (name) => clients.ensureTable(name) };
    const links = new IdentityLinkRepository(tables);
    const index = new SlackIndexRepository(tables);
    // 99 % managed: the link and the index row the provisioner would have written after creating them.
    const managed = users.filter((_, i) => i % 100 !== 99);
    await mapLimit(managed, 32, async (u) => {
      const objectId = `oid-${u.userName}`;
      await index.claim(jobId, u.id, objectId);
      await links.create(jobId, {
        objectId,
        slackId: u.id,
        matchedBy: "created",
        slackActive: true,
        userPrincipalName: `${u.userName}@contoso.example`,
        exported: {
          [TARGET.userName]: `${u.userName}@contoso.example`,
          [TARGET.workEmail]: `${u.userName}@contoso.example`,
          [TARGET.givenName]: "User",
          [TARGET.familyName]: u.userName,
          [TARGET.title]: "Engineer",
        },
      });
    });
    // 1 % of the managed users edited by hand in Slack.
    const edited = managed.filter((_, i) => i % 100 === 0);
    for (const u of edited) s.slack.store.editUser(u.id, { title: "Edited by hand" });
    const seedSeconds = (performance.now() - seeded) / 1000;

    s.slack.store.clearRequests();
    const started = performance.now();
    const res = await fetch(`${s.apiUrl()}/drift/scan`, { method: "POST" });
    const body = (await res.json()) as { scanId?: string };
    if (res.status !== 202 || !body.scanId) throw new Error(`the scan did not start: ${JSON.stringify(body)}`);
    let last: DriftStatus["last"];
    for (;;) {
      const st = (await (await fetch(`${s.apiUrl()}/status`)).json()) as { drift: DriftStatus };
      last = st.drift.last;
      if (last?.scanId === body.scanId) break;
      if (performance.now() - started > 30 * 60_000) throw new Error("the scan did not finish in 30 minutes");
      await delay(200);
    }
    const scanSeconds = (performance.now() - started) / 1000;
    const reads = s.slack.store.requests().filter((r) => r.method === "GET" && r.path.startsWith("/scim/"));
    return {
      users: last.usersRead,
      managed: last.managed,
      seedSeconds,
      scanSeconds,
      pages: last.pagesRead,
      slackReads: reads.length,
      readsPerMinute: reads.length / Math.max(scanSeconds / 60, 1 / 60),
      drifted: last.drifted,
    };
  } finally {
    await stack?.stop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const size of sizes()) {
    process.stderr.write(`drift scan of ${size} Slack users…\n`);
    rows.push(await benchOne(size));
  }
  const header = ["Slack users", "managed", "drifted", "scan", "pages", "Slack reads", "reads/min", "Slack's limit"];
  const lines = rows.map((r) => [
    r.users.toLocaleString("en-US"),
    r.managed.toLocaleString("en-US"),
    String(r.drifted),
    `${r.scanSeconds.toFixed(1)} s`,
    String(r.pages),
    String(r.slackReads),
    r.readsPerMinute.toFixed(1),
    `${SLACK_READS_PER_MINUTE}/min`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(fmt(header));
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
  for (const l of lines) console.log(fmt(l));
  for (const r of rows) {
    console.log(
      `${r.users} users: ${r.slackReads} Slack reads in ${r.scanSeconds.toFixed(1)} s (${(r.slackReads / r.pages || 0).toFixed(0)} per page of 1,000), ` +
        `${((100 * r.readsPerMinute) / SLACK_READS_PER_MINUTE).toFixed(1)} % of Slack's org-wide read limit while it ran; seeding took ${r.seedSeconds.toFixed(1)} s.`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
