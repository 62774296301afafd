/**
 * Which groups each user is a member of: the reverse of the groups' member sets, so a user's `groups` (answered with
 * every user, 1,000 a list page) and the removal of a deactivated user from its groups cost what the user's own groups
 * cost, not a pass over every group's members. The directory tells it every member change.
 */
export class MemberIndex {
  private readonly groupsOfUser = new Map<string, Set<string>>();

  /** The ids of the user's groups, in no particular order. */
  groupsOf(userId: string): ReadonlySet<string> {
    return this.groupsOfUser.get(userId) ?? EMPTY;
  }

  add(groupId: string, userId: string): void {
    const groups = this.groupsOfUser.get(userId);
    if (groups) groups.add(groupId);
    else this.groupsOfUser.set(userId, new Set([groupId]));
  }

  remove(groupId: string, userId: string): void {
    const groups = this.groupsOfUser.get(userId);
    groups?.delete(groupId);
    if (groups?.size === 0) this.groupsOfUser.delete(userId);
  }

  /** A group's members went from `before` to `after`: records who left and who joined. */
  replace(groupId: string, before: ReadonlySet<string>, after: ReadonlySet<string>): void {
    for (const userId of before) if (!after.has(userId)) this.remove(groupId, userId);
    for (const userId of after) if (!before.has(userId)) this.add(groupId, userId);
  }

  clear(): void {
    this.groupsOfUser.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set<string>();
