import type { EmulatorAssignment } from "./emulatorTypes";

export interface StoredAssignment extends EmulatorAssignment {
  /** Creation order: appRoleAssignedTo pages by it. */
  seq: number;
}

/**
 * The app's role assignments in creation order, with each principal's assignments at hand, so that an
 * appRoleAssignedTo page costs a binary search and the page, and assigning, unassigning or renaming a principal costs
 * that principal's assignments, not a pass over every assignment. Removed assignments leave the order lazily (they are
 * skipped, and swept out once they are half of it).
 */
export class AssignmentTable {
  private readonly byId = new Map<string, StoredAssignment>();
  private readonly byPrincipal = new Map<string, Set<StoredAssignment>>();
  /** Ascending seq; may still hold removed assignments (not in byId). */
  private order: StoredAssignment[] = [];
  private removed = 0;

  get size(): number {
    return this.byId.size;
  }

  /** Adds an assignment; its seq must be above every seq added before. */
  add(a: StoredAssignment): void {
    this.byId.set(a.id, a);
    this.order.push(a);
    const mine = this.byPrincipal.get(a.principalId);
    if (mine) mine.add(a);
    else this.byPrincipal.set(a.principalId, new Set([a]));
  }

  /** The principal's assignments in creation order. */
  ofPrincipal(principalId: string): StoredAssignment[] {
    return [...(this.byPrincipal.get(principalId) ?? [])];
  }

  /** Removes every assignment of the principal; returns how many there were. */
  removePrincipal(principalId: string): number {
    const mine = this.byPrincipal.get(principalId);
    if (!mine) return 0;
    this.byPrincipal.delete(principalId);
    for (const a of mine) this.byId.delete(a.id);
    this.removed += mine.size;
    if (this.removed > 1024 && this.removed * 2 > this.order.length) {
      this.order = this.order.filter((a) => this.byId.get(a.id) === a);
      this.removed = 0;
    }
    return mine.size;
  }

  /** The assignments with a seq above `cursor`, in creation order. */
  *after(cursor: number): Generator<StoredAssignment> {
    const order = this.order;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((order[mid]?.seq ?? 0) <= cursor) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < order.length; i++) {
      const a = order[i];
      if (a && this.byId.get(a.id) === a) yield a;
    }
  }
}
