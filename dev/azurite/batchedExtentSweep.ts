/**
 * Preloaded (`node --require`) into the Azurite child the local stack starts. It fixes a cost in Azurite's in-memory
 * queue (and blob) garbage collection without changing what Azurite does.
 *
 * Every queue message Azurite stores is an "extent" (its body) plus a row in a LokiJS collection. Once a minute a
 * sweep deletes the extents no message refers to any more, and `MemoryExtentStore.deleteExtents` deletes them one at a
 * time. Each single delete makes LokiJS rebuild the collection's index from scratch (`removeBatchByPositions` with
 * adaptive indexes), so a sweep of D extents costs D index rebuilds of D rows: O(D² log D), run without yielding. At
 * about 40 messages a second (a large initial sync) a sweep of ~4,500 extents held Azurite's event loop for about 27 s
 * of every 87 s, and every request waited. Deleting the same extents as one batch is one rebuild: the same sweep took
 * 20–29 ms.
 *
 * Only the batching changes. The same chunks and the same metadata rows are deleted, the same count is returned. If
 * Azurite's internals are not what this expects (another version, another metadata store), the original method stays.
 */

/** The parts of Azurite's MemoryExtentStore this relies on. */
interface ExtentStoreLike {
  categoryName: string;
  chunks: { get(category: string, id: string): unknown; delete(category: string, id: string): unknown };
  metadataStore: unknown;
}

/** The parts of a LokiJS collection this relies on. */
interface LokiCollectionLike {
  findAndRemove(query: { id: { $in: string[] } }): unknown;
}

interface ExtentStorePrototype {
  deleteExtents: (this: ExtentStoreLike, extents: Iterable<string>) => Promise<number>;
  [BATCHED]?: true;
}

const BATCHED = Symbol.for("entra-slack.batchedExtentSweep");

/** The LokiJS collection holding the extents' metadata rows, or undefined when the store is not Azurite's Loki one. */
function extentsCollection(metadataStore: unknown): LokiCollectionLike | undefined {
  if (typeof metadataStore !== "object" || metadataStore === null) return undefined;
  const store = metadataStore as { db?: { getCollection?: (name: string) => unknown }; EXTENTS_COLLECTION?: unknown };
  if (typeof store.EXTENTS_COLLECTION !== "string" || typeof store.db?.getCollection !== "function") return undefined;
  const collection = store.db.getCollection(store.EXTENTS_COLLECTION);
  if (typeof collection !== "object" || collection === null) return undefined;
  return typeof (collection as Partial<LokiCollectionLike>).findAndRemove === "function"
    ? (collection as LokiCollectionLike)
    : undefined;
}

/**
 * Replaces `deleteExtents` on the given MemoryExtentStore prototype with a batched one. Returns false (and changes
 * nothing) when the prototype has no such method. Idempotent.
 */
export function installBatchedExtentSweep(prototype: unknown): boolean {
  if (typeof prototype !== "object" || prototype === null) return false;
  const proto = prototype as ExtentStorePrototype;
  if (typeof proto.deleteExtents !== "function") return false;
  if (proto[BATCHED]) return true;
  const original = proto.deleteExtents;
  proto.deleteExtents = async function deleteExtents(this: ExtentStoreLike, extents: Iterable<string>) {
    const collection = extentsCollection(this.metadataStore);
    if (collection === undefined) return original.call(this, extents);
    const ids = [...extents];
    for (const id of ids) {
      if (this.chunks.get(this.categoryName, id) !== undefined) this.chunks.delete(this.categoryName, id);
    }
    if (ids.length > 0) collection.findAndRemove({ id: { $in: ids } });
    return ids.length;
  };
  proto[BATCHED] = true;
  return true;
}

/** Installs the batched sweep into the Azurite package this project depends on; false when its layout differs. */
export function installIntoAzurite(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Azurite ships no types for its internals.
    const loaded = require("azurite/dist/src/common/persistence/MemoryExtentStore") as {
      default?: { prototype?: unknown };
    };
    if (installBatchedExtentSweep(loaded.default?.prototype)) return true;
    process.stderr.write(
      "batchedExtentSweep: Azurite's MemoryExtentStore has no deleteExtents; sweeps stay unbatched\n",
    );
    return false;
  } catch (error) {
    // Another Azurite layout: it runs as shipped (correct, with its slow sweeps). Said once, on stderr.
    process.stderr.write(
      `batchedExtentSweep: not installed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return false;
  }
}

// As a preload of Azurite's entry point (startAzurite), install at once, before Azurite builds its stores.
if (process.argv[1]?.endsWith("azurite.js") === true) installIntoAzurite();
