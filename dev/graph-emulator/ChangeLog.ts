/**
 * The emulated directory's change log: a monotonically increasing sequence of changes to directory objects. Delta
 * tokens remember a sequence number; a later round returns the objects with changes after it. Entries for groups can
 * carry link changes (members added/removed) so groups/delta with members@delta can be built on the same log.
 */
export type DirectoryResource = "users" | "groups";

export type ChangeKind = "created" | "updated" | "softDeleted" | "restored" | "purged";

/** A change to a navigation link of an object (for example a group's members). */
export interface LinkChange {
  relationship: string;
  targetId: string;
  /** OData type of the target, e.g. "#microsoft.graph.user". */
  targetType: string;
  op: "add" | "remove";
}

export interface ChangeEntry {
  seq: number;
  resource: DirectoryResource;
  objectId: string;
  kind: ChangeKind;
  /** Names of the properties this change set or cleared (all set properties for created/restored). */
  properties: readonly string[];
  links?: readonly LinkChange[];
  at: number;
}

/** Called after each change is appended (e.g. to send change notifications); must not throw. */
export type ChangeListener = (entry: ChangeEntry) => void;

export class ChangeLog {
  private readonly entries: ChangeEntry[] = [];
  private readonly listeners: ChangeListener[] = [];
  private seq = 0;

  /** The sequence number of the latest change (0 when nothing has changed yet). */
  get latestSeq(): number {
    return this.seq;
  }

  get size(): number {
    return this.entries.length;
  }

  append(entry: Omit<ChangeEntry, "seq" | "at">): ChangeEntry {
    this.seq += 1;
    const full: ChangeEntry = { ...entry, seq: this.seq, at: Date.now() };
    this.entries.push(full);
    for (const listener of this.listeners) {
      try {
        listener(full);
      } catch {
        // A listener's failure must not undo or fail the directory change itself.
      }
    }
    return full;
  }

  /** Registers a listener for every later change. */
  onAppend(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Changes with since < seq <= upTo for one resource, oldest first. */
  between(resource: DirectoryResource, since: number, upTo: number): ChangeEntry[] {
    // Entries are appended in seq order; binary search for the first entry after `since`.
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid]?.seq ?? 0) <= since) lo = mid + 1;
      else hi = mid;
    }
    const out: ChangeEntry[] = [];
    for (let i = lo; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (!e || e.seq > upTo) break;
      if (e.resource === resource) out.push(e);
    }
    return out;
  }
}
