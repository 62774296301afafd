/** What a group's member-change run knows, now, about one user whose membership of the group may have changed. */
export interface MemberState {
  userId: string;
  /** Still one of the group's transitive, in-scope members. */
  member: boolean;
  /** The user's Slack account, as its link says (none: not provisioned). */
  slackId?: string;
  slackActive?: boolean;
  /** The UPN, for the activity record. */
  identity?: string;
}

/** A Slack account to add to or remove from the Slack group, and who it is for the activity record. */
export interface MemberEdit {
  slackId: string;
  identity: string;
}

/** The PATCH operations of one member-change run: members to add and to remove (each Slack id once). */
export interface MemberChangePlan {
  add: MemberEdit[];
  remove: MemberEdit[];
}

/**
 * Decides the membership edits for the users whose membership changed, from their state now, never from what the run
 * that recorded the change saw (a later run of the same user may have changed it again, in any order):
 * - a member of the group with an active Slack account is added;
 * - a Slack account whose user is no longer a member, or is not active, is removed (Slack drops a deactivated user from
 *   its groups itself; a server that does not is corrected);
 * - a user without a Slack account is nothing to Slack.
 * Adding a member already there and removing one that is not there change nothing (the Slack emulator's semantics,
 * RFC 7644 §3.5.2.1 and §3.5.2.2), so the edits need no read of the Slack group. The result is in the users' order.
 */
export function planMemberChanges(states: readonly MemberState[]): MemberChangePlan {
  const plan: MemberChangePlan = { add: [], remove: [] };
  const seen = new Set<string>();
  for (const s of states) {
    if (!s.slackId || seen.has(s.slackId)) continue;
    seen.add(s.slackId);
    const edit = { slackId: s.slackId, identity: s.identity ?? s.userId };
    if (s.member && s.slackActive === true) plan.add.push(edit);
    else plan.remove.push(edit);
  }
  return plan;
}
