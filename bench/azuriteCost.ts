/**
 * `npm run bench:azurite`: what one Table Storage operation costs Azurite (the local stack's storage) as a table grows,
 * so that a cost the engine's design causes can be told from one the emulator adds. For each size it fills a fresh table
 * with that many rows (batches of 100), then times single operations on it: point reads, inserts, replaces and upserts
 * of existing rows, deletes. Figures, not assertions.
 *
 *   npm run bench:azurite                          # 1,000, 10,000 and 100,000 rows
 *   npm run bench:azurite -- --sizes 1000,50000
 */
import { performance } from "node:perf_hooks";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { TableClient as Client } from "@azure/data-tables";
import { startAzurite } from "../dev/azurite/startAzurite";

const OPS = 200;

function sizesFrom(argv: readonly string[]): number[] {
  const i = argv.indexOf("--sizes");
  const given = i >= 0 ? (argv[i + 1] ?? "").split(",").map(Number) : [];
  const sizes = given.filter((n) => Number.isInteger(n) && n > 0);
  return sizes.length > 0 ? sizes : [1_000, 10_000, 100_000];
}

const rowKey = (i: number) => `row-${String(i).padStart(7, "0")}`;
const partitionOf = (i: number) => `p${i % 50}`;
const entity = (i: number, v: number) => ({
  partitionKey: partitionOf(i),
  rowKey: rowKey(i),
  value: v,
  pad: "x".repeat(200),
});

async function fill(client: TableClient, size: number): Promise<void> {
  const byPartition = new Map<string, TransactionAction[]>();
  for (let i = 0; i < size; i++) {
    const list = byPartition.get(partitionOf(i)) ?? [];
    list.push(["create", entity(i, 0)]);
    byPartition.set(partitionOf(i), list);
  }
  for (const actions of byPartition.values()) {
    for (let at = 0; at < actions.length; at += 100) await client.submitTransaction(actions.slice(at, at + 100));
  }
}

/** Median milliseconds of `op` over OPS runs on rows spread over the table. */
async function time(size: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < OPS; k++) {
    const i = Math.floor((k * size) / OPS);
    const started = performance.now();
    await op(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const sizes = sizesFrom(process.argv.slice(2));
  console.log(`node ${process.version}; Azurite in memory; median of ${OPS} single operations per cell (ms)`);
  const azurite = await startAzurite();
  try {
    const rows: string[] = [];
    for (const size of sizes) {
      const client = Client.fromConnectionString(azurite.connectionString, `cost${size}`, {
        allowInsecureConnection: true,
      });
      await client.createTable();
      const filled = performance.now();
      await fill(client, size);
      const fillSeconds = (performance.now() - filled) / 1000;
      const read = await time(size, (i) => client.getEntity(partitionOf(i), rowKey(i)));
      const replace = await time(size, (i) => client.updateEntity(entity(i, 1), "Replace", { etag: "*" }));
      const upsert = await time(size, (i) => client.upsertEntity(entity(i, 2), "Replace"));
      const insert = await time(size, (i) => client.createEntity({ ...entity(size + i, 0), rowKey: `new-${i}` }));
      const remove = await time(size, (i) => client.deleteEntity(partitionOf(i), rowKey(i)));
      rows.push(
        `| ${size.toLocaleString("en-US")} | ${fillSeconds.toFixed(1)} | ${read.toFixed(2)} | ${insert.toFixed(2)} | ` +
          `${replace.toFixed(2)} | ${upsert.toFixed(2)} | ${remove.toFixed(2)} |`,
      );
      await client.deleteTable();
    }
    console.log("| rows in the table | fill s | point read | insert | replace | upsert (existing) | delete |");
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of rows) console.log(r);
  } finally {
    await azurite.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
