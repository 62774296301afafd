import type { StoredUser } from "./model";

/** Which rule a user would break against another user: the same userName, or an email the other holds. */
export interface UserConflict {
  kind: "username" | "email";
  other: StoredUser;
}

/**
 * The Slack org's users (active and deactivated; users are never removed) in creation order, with the lookups that keep
 * a request's cost independent of the org's size: by lower-cased userName and by lower-cased email. `put` is the only
 * way in, so the lookups always describe the stored users.
 */
export class UserTable {
  private readonly users = new Map<string, StoredUser>();
  /** Ids in creation order (the order of every listing), and each id's place in it. */
  private readonly order: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly byUserName = new Map<string, Set<string>>();
  private readonly byEmail = new Map<string, Set<string>>();

  get size(): number {
    return this.users.size;
  }

  get(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  has(id: string): boolean {
    return this.users.has(id);
  }

  values(): IterableIterator<StoredUser> {
    return this.users.values();
  }

  /** Every id in creation order; a view, not a copy (do not change it). */
  ids(): readonly string[] {
    return this.order;
  }

  /** Ids of the users whose userName, lower-cased, is `lowerUserName`. */
  withUserName(lowerUserName: string): ReadonlySet<string> {
    return this.byUserName.get(lowerUserName) ?? EMPTY;
  }

  /** Ids of the users holding the email `lowerEmail` (compared lower-cased), as primary or secondary. */
  withEmail(lowerEmail: string): ReadonlySet<string> {
    return this.byEmail.get(lowerEmail) ?? EMPTY;
  }

  /** The users of these ids, in creation order (unknown ids are left out). */
  inOrder(ids: Iterable<string>): StoredUser[] {
    const users: StoredUser[] = [];
    for (const id of ids) {
      const u = this.users.get(id);
      if (u) users.push(u);
    }
    return users.sort((a, b) => (this.position.get(a.id) ?? 0) - (this.position.get(b.id) ?? 0));
  }

  /**
   * The first other user, in creation order, that holds the candidate's userName (exactly) or one of its emails
   * (case-insensitively), and what it holds (the userName first): the answer a scan of every user in creation order
   * gives, from the few users the lookups name.
   */
  firstConflict(candidate: StoredUser): UserConflict | undefined {
    const emails = [candidate.primaryEmail, candidate.secondaryEmail]
      .filter((e): e is string => e !== null)
      .map((e) => e.toLowerCase());
    const ids = new Set(this.withUserName(candidate.userName.toLowerCase()));
    for (const e of emails) for (const id of this.withEmail(e)) ids.add(id);
    ids.delete(candidate.id);
    for (const other of this.inOrder(ids)) {
      if (other.userName === candidate.userName) return { kind: "username", other };
      const theirs = [other.primaryEmail, other.secondaryEmail].map((e) => e?.toLowerCase());
      if (emails.some((e) => theirs.includes(e))) return { kind: "email", other };
    }
    return undefined;
  }

  /** Stores the user (a new one goes last in the order; a replaced one keeps its place) and updates the lookups. */
  put(user: StoredUser): void {
    const previous = this.users.get(user.id);
    if (previous) {
      unlink(this.byUserName, previous.userName.toLowerCase(), previous.id);
      for (const e of emailsOf(previous)) unlink(this.byEmail, e, previous.id);
    } else {
      this.position.set(user.id, this.order.length);
      this.order.push(user.id);
    }
    this.users.set(user.id, user);
    link(this.byUserName, user.userName.toLowerCase(), user.id);
    for (const e of emailsOf(user)) link(this.byEmail, e, user.id);
  }

  clear(): void {
    this.users.clear();
    this.order.length = 0;
    this.position.clear();
    this.byUserName.clear();
    this.byEmail.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set<string>();

function emailsOf(u: StoredUser): string[] {
  return [u.primaryEmail, u.secondaryEmail].filter((e): e is string => e !== null).map((e) => e.toLowerCase());
}

function link(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids) ids.add(id);
  else index.set(key, new Set([id]));
}

function unlink(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  ids?.delete(id);
  if (ids?.size === 0) index.delete(key);
}
