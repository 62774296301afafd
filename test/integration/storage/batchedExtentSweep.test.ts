import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { installBatchedExtentSweep } from "../../../dev/azurite/batchedExtentSweep";

/* Azurite's own in-memory extent store and its LokiJS metadata store, loaded in this process (no types shipped). */
interface ExtentChunk {
  id: string;
}
interface LokiCollection {
  count(): number;
  removeBatchByPositions(positions: number[]): void;
}
interface ExtentMetadata {
  EXTENTS_COLLECTION: string;
  db: { getCollection(name: string): LokiCollection };
  init(): Promise<void>;
}
interface ExtentStore {
  init(): Promise<void>;
  appendExtent(data: Buffer): Promise<ExtentChunk>;
  deleteExtents(ids: Iterable<string>): Promise<number>;
  chunks: { get(category: string, id: string): unknown };
}
type Ctor<T> = new (...args: unknown[]) => T;
/* eslint-disable @typescript-eslint/no-require-imports -- Azurite's internals, loaded by path as the preload does. */
const { default: MemoryExtentStore, MemoryExtentChunkStore } =
  require("azurite/dist/src/common/persistence/MemoryExtentStore") as {
    default: Ctor<ExtentStore> & { prototype: unknown };
    MemoryExtentChunkStore: Ctor<unknown>;
  };
const { default: LokiExtentMetadata } = require("azurite/dist/src/common/persistence/LokiExtentMetadataStore") as {
  default: Ctor<ExtentMetadata>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const silent = { info() {}, debug() {}, verbose() {}, warn() {}, error() {} };

async function storeWithExtents(count: number) {
  const dir = mkdtempSync(join(tmpdir(), "extents-"));
  const metadata = new LokiExtentMetadata(join(dir, "extents.json"), true);
  const store = new MemoryExtentStore("queue", new MemoryExtentChunkStore(64 * 1024 * 1024), metadata, silent, () => {
    throw new Error("unexpected Azurite error");
  });
  await store.init();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await store.appendExtent(Buffer.from(`message ${i}`))).id);
  const collection = metadata.db.getCollection(metadata.EXTENTS_COLLECTION);
  let rebuilds = 0;
  const remove = collection.removeBatchByPositions.bind(collection);
  collection.removeBatchByPositions = (positions) => {
    rebuilds++;
    remove(positions);
  };
  return {
    store,
    ids,
    collection,
    rebuilds: () => rebuilds,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

void test("a sweep deletes exactly the extents it is given, bodies and rows, in one batch instead of one per extent", async () => {
  const { store, ids, collection, rebuilds, cleanup } = await storeWithExtents(60);
  try {
    // As Azurite ships: one LokiJS removal (an index rebuild over every row) per extent.
    assert.equal(await store.deleteExtents(ids.slice(0, 5)), 5);
    assert.equal(rebuilds(), 5);

    assert.equal(installBatchedExtentSweep(MemoryExtentStore.prototype), true);
    assert.equal(installBatchedExtentSweep(MemoryExtentStore.prototype), true, "installing twice is harmless");
    assert.equal(await store.deleteExtents(new Set(ids.slice(5, 35))), 30);
    assert.equal(rebuilds(), 6, "thirty extents, one removal");
    assert.equal(collection.count(), 25);
    for (const id of ids.slice(0, 35)) assert.equal(store.chunks.get("queue", id), undefined, `body ${id} freed`);
    for (const id of ids.slice(35)) assert.notEqual(store.chunks.get("queue", id), undefined, `body ${id} kept`);

    assert.equal(await store.deleteExtents([]), 0);
    assert.equal(rebuilds(), 6, "an empty sweep removes nothing");
  } finally {
    cleanup();
  }
});

void test("a store that is not Azurite's LokiJS one keeps the shipped deleteExtents", async () => {
  assert.equal(installBatchedExtentSweep({}), false);
  assert.equal(installBatchedExtentSweep(null), false);
  const calls: string[][] = [];
  const prototype = {
    deleteExtents(ids: Iterable<string>) {
      calls.push([...ids]);
      return Promise.resolve(calls.length);
    },
  };
  assert.equal(installBatchedExtentSweep(prototype), true);
  const store = Object.assign(Object.create(prototype) as typeof prototype, {
    categoryName: "queue",
    chunks: { get: () => undefined, delete: () => undefined },
    metadataStore: { kind: "sql" },
  });
  assert.equal(await store.deleteExtents(["a", "b"]), 1);
  assert.deepEqual(calls, [["a", "b"]]);
});
