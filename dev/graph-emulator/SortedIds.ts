/**
 * A set of object ids read in id order (delta rounds and listings page through objects by id). The order is sorted
 * once after a change, when it is next read, and shared until the next change, so a page costs a binary search and
 * the page, not a sort of every object; a change costs O(1).
 */
export class SortedIds {
  private readonly ids = new Set<string>();
  private sorted: string[] | undefined = [];

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.sorted = undefined;
  }

  delete(id: string): void {
    if (this.ids.delete(id)) this.sorted = undefined;
  }

  /** Every id in ascending (UTF-16 code unit) order; shared until the next change, so callers must not change it. */
  inOrder(): readonly string[] {
    this.sorted ??= [...this.ids].sort();
    return this.sorted;
  }
}
