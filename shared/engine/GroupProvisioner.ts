import { ProvisioningError, SlackRejectedError, TransientError } from "../errors";
import type { ProvisionGroupMessage } from "../queue/messages";
import type { SlackGroup } from "../slack/SlackGroup";
import type { ModifiedProperty } from "../state/ActivityRecord";
import type { GroupRecord } from "../state/GroupRepository";
import type { IdentityLink } from "../state/IdentityLink";
import type { ScopeEntry } from "../state/ScopeRepository";
import { mapLimit } from "../state/batches";
import type { EngineContext } from "./EngineContext";
import type { MemberChangePorts } from "./applyMemberChanges";
import { applyMemberChanges, MEMBER_CHANGES_PER_RUN } from "./applyMemberChanges";
import { WHOLE_GROUP_CHANGE } from "./WholeGroupCoverage";
import type { QueueMemberChangesPorts } from "./queueMemberChanges";
import { queueMemberChanges } from "./queueMemberChanges";
import { defersMemberWork } from "../state/JobState";
import type { ObjectProvisionerPorts, ProvisionItem, ProvisionOutcome, ProvisionRun } from "./ObjectProvisioner";
import { ObjectProvisioner } from "./ObjectProvisioner";
import { MEMBER_READ_SLOTS, MemberReadSlots } from "./MemberReadSlots";
import { DEFAULT_GROUP_MAPPING } from "../mapping/DEFAULT_GROUP_MAPPING";
import { mapGroup } from "../mapping/mapGroup";

/**
 * Reconciles one Entra group with its Slack group (on the ObjectProvisioner skeleton): while the group is assigned and
 * in the group scoping filters, a Slack group with the display name the groups mapping gives (adopted by name, or created) whose members are exactly the Slack ids of its
 * in-scope, provisioned, active transitive members; membership changes are PATCH add/remove with explicit values, never
 * a replace. When the group is unassigned or deleted, its Slack group is deleted unless GROUP_DELETE_ON_UNASSIGN is
 * false. One record per change (naming the members added and removed); a group already in sync records nothing.
 *
 * Two kinds of run: a member-change run (`reason: "member"`, queued when members' Slack accounts appear or change)
 * applies just the recorded member changes (applyMemberChanges), at a cost that follows the changes; every other reason
 * (scope, rename, resync, retry, removal, on demand) reconciles the whole group as described above, and clears the
 * member changes recorded before it started (it covers them).
 */
export class GroupProvisioner extends ObjectProvisioner<ProvisionGroupMessage> {
  /** This process's whole-group member reads: a few at a time (MemberReadSlots). */
  private readonly memberReads = new MemberReadSlots();

  constructor(private readonly ctx: GroupProvisionerPorts) {
    super(ctx, {
      objectType: "Group",
      links: ctx.groupLinks,
      objectIdOf: (msg) => msg.groupId,
      // A member-change run covers waiting member-change runs only; a reconcile covers both kinds.
      marksCoveredBy: (msg) => (msg.reason === "member" ? ["membersQueuedAt"] : ["queuedAt", "membersQueuedAt"]),
    });
  }

  protected async execute({ msg, link, run }: ProvisionItem<ProvisionGroupMessage>): Promise<ProvisionOutcome> {
    if (link.displayName) run.identity = link.displayName;
    if (msg.reason === "member" && msg.removal !== "released") {
      const applied = await applyMemberChanges(this.ctx, msg, link, run);
      if (applied !== "reconcile") return applied;
    }
    // The scope step's reconcile during a full users round creates, adopts or renames the Slack group but leaves its
    // members to the round's end (the flush reconciles the group whole then): reading every member's link now, while
    // the round has provisioned nobody yet, would be a read per member for nothing.
    // Any other reconcile while a full users round defers member changes (an escrow retry, on demand, a rename) covers
    // the members provisioned so far only: the round's whole-group change stays for the flush, since the round's later
    // users record no change of their own for the group (WholeGroupCoverage). The flush's own run is a member run.
    const state = msg.reason === "member" ? undefined : await this.ctx.jobs.get(this.ctx.jobId);
    const roundOpen = state?.cycleId !== undefined && defersMemberWork(state, state.cycleId);
    const membersLater =
      msg.reason === "scope" && msg.removal !== "released" && roundOpen && state?.cycleId === msg.cycleId;
    const outcome = await this.reconcile(msg, link, run, membersLater, roundOpen);
    if (outcome.link.displayName) run.identity = outcome.link.displayName;
    return outcome;
  }

  private async reconcile(
    msg: ProvisionGroupMessage,
    link: IdentityLink,
    run: ProvisionRun,
    membersLater: boolean,
    keepWholeGroupChange: boolean,
  ): Promise<ProvisionOutcome> {
    const { ctx } = this;
    const { groupId } = msg;
    const released = msg.removal === "released";
    const [group, assignment, pending] = await Promise.all([
      ctx.groups.get(ctx.jobId, groupId),
      ctx.scope.get(ctx.jobId, groupId),
      // Read before the members' links, so that every change read here is covered by this reconcile (cleared at the end).
      ctx.memberChanges.list(ctx.jobId, groupId, MEMBER_CHANGES_PER_RUN),
    ]);
    const outcome = await this.reconcileWith(groupId, link, run, released, group, assignment, membersLater);
    // Left to the round's end: recorded (and the cycle marked, so that it flushes) before the changes read above are
    // cleared, which the whole group's reconcile then covers.
    if (membersLater && outcome.link.slackId) {
      await queueMemberChanges(ctx, { ...msg, reason: "scope" }, WHOLE_GROUP_CHANGE, [groupId]);
    }
    const applied = keepWholeGroupChange
      ? pending.changes.filter((c) => c.userId !== WHOLE_GROUP_CHANGE)
      : pending.changes;
    await ctx.memberChanges.remove(ctx.jobId, groupId, applied);
    return outcome;
  }

  private async reconcileWith(
    groupId: string,
    link: IdentityLink,
    run: ProvisionRun,
    released: boolean,
    group: GroupRecord | undefined,
    assignment: ScopeEntry | undefined,
    membersLater = false,
  ): Promise<ProvisionOutcome> {
    const { ctx } = this;
    const assigned =
      ctx.groupProvisioning && assignment?.principalType === "Group" && group !== undefined && !group.removed;
    // The groups section of the mapping: its scoping filters pick the assigned groups, its displayName names them.
    const mappedGroup = assigned ? mapGroup(group, ctx.groupMapping ?? DEFAULT_GROUP_MAPPING) : undefined;
    if (mappedGroup?.kind === "error") throw new ProvisioningError("GroupMappingFailed", mappedGroup.message);
    const name =
      mappedGroup?.kind === "group" ? mappedGroup.displayName : (link.displayName ?? group?.displayName ?? groupId);
    const wanted = assigned && mappedGroup?.kind === "group";
    run.steps.push({
      name: "import",
      status: group ? "Success" : "Skipped",
      detail: group
        ? `Read group "${name}" from Entra ID${group.removed ? ` (removed: ${group.removed})` : ""}.`
        : "The group is not in the groups mirror.",
    });
    if (!wanted) {
      const why = !ctx.groupProvisioning
        ? "group provisioning is switched off"
        : group?.removed
          ? "the group was deleted in Entra ID"
          : mappedGroup?.kind === "outOfScope"
            ? mappedGroup.reason
            : "the group is no longer assigned to the Slack application";
      run.steps.push({ name: "scope", status: "Success", detail: `Not wanted in Slack: ${why}.` });
      if (!link.slackId) return quiet(link);
      if (!ctx.groupDeleteOnUnassign) {
        return {
          action: "Skip",
          status: "Skipped",
          reason: `Left Slack group ${link.slackId} in place (${why}) because GROUP_DELETE_ON_UNASSIGN is false.`,
          modified: [],
          link: unlinked(link),
        };
      }
      if (!released) {
        // The deletion guard decides at the end of the cycle whether this deletion goes ahead (RemovalGate).
        return {
          ...quiet(link),
          action: "Delete",
          reason: `Deletion staged for the deletion guard: ${why}.`,
          stagedRemoval: { evidence: why },
        };
      }
      await ctx.slackGroups.deleteGroup(link.slackId);
      run.steps.push({ name: "action", status: "Success", detail: `DELETE /Groups/${link.slackId}.` });
      return {
        action: "Delete",
        status: "Success",
        reason: `Deleted Slack group ${link.slackId} "${link.displayName ?? name}" because ${why}.`,
        modified: [],
        link: unlinked(link),
      };
    }

    if (membersLater) return this.reconcileMembers(groupId, link, run, name, true);
    // The members are held from their read until the PATCHes are sent: a few groups of a process at a time.
    const slot = await this.memberReads.take(memberReadWaitMs(ctx.userLeaseMs));
    try {
      if (slot.timedOut) {
        ctx.log.warn(
          `Group ${groupId}: waited ${memberReadWaitMs(ctx.userLeaseMs)} ms for one of the ${MEMBER_READ_SLOTS} ` +
            "member reads of this process; reading its members beside the others.",
        );
      }
      return await this.reconcileMembers(groupId, link, run, name, false);
    } finally {
      slot.release();
    }
  }

  /** The wanted group's Slack side: matched or created, renamed, and (unless left to the round's end) its members. */
  private async reconcileMembers(
    groupId: string,
    link: IdentityLink,
    run: ProvisionRun,
    name: string,
    membersLater: boolean,
  ): Promise<ProvisionOutcome> {
    const { ctx } = this;
    // Desired members: the group's transitive users that are provisioned and active in Slack.
    // Each member's link is reduced to its Slack id and name as it is read: a group of tens of thousands of members
    // holds two short strings each, not every link (their exported values) at once.
    const userIds = membersLater ? [] : [...(await ctx.groupMembers.list(ctx.jobId, groupId))];
    const members = await mapLimit(userIds, 16, async (id) => {
      const link = (await ctx.links.get(ctx.jobId, id))?.link;
      return link?.slackId && link.slackActive
        ? { slackId: link.slackId, identity: link.userPrincipalName ?? id }
        : undefined;
    });
    const desired = new Map<string, string>(); // Slack id → identity
    for (const m of members) if (m) desired.set(m.slackId, m.identity);
    run.steps.push({
      name: "scope",
      status: "Success",
      detail: membersLater
        ? "Assigned to the Slack application; its members are written once this cycle's full users round is done."
        : `Assigned to the Slack application; ${userIds.length} transitive member(s), ${desired.size} provisioned and active.`,
    });

    let current: SlackGroup | undefined = link.slackId ? await ctx.slackGroups.getGroup(link.slackId) : undefined;
    let created = false;
    let adopted = false;
    if (current) {
      run.steps.push({ name: "match", status: "Success", detail: `Linked to Slack group ${current.id}.` });
    } else {
      const found = await ctx.slackGroups.findGroupsByDisplayName(name);
      if (found.length > 1) {
        throw new ProvisioningError(
          "DuplicateTargetEntries",
          `${found.length} Slack groups are named "${name}" (${found.map((g) => g.id).join(", ")}). Rename or delete ` +
            "the extra ones in Slack so the group can be matched.",
        );
      }
      current = found[0];
      // A server may leave members out of a filtered list (RFC 7644 §3.4.2.5): the group read asks for them.
      if (current && current.members === undefined) current = (await ctx.slackGroups.getGroup(current.id)) ?? current;
      if (current) {
        adopted = true;
        run.steps.push({
          name: "match",
          status: "Success",
          detail: `Adopted Slack group ${current.id} by displayName "${name}".`,
        });
      } else {
        current = await ctx.slackGroups.createGroup({ displayName: name, members: [...desired.keys()] });
        created = true;
        run.steps.push({ name: "match", status: "Success", detail: `No Slack group is named "${name}".` });
      }
    }

    const modified: ModifiedProperty[] = [];
    const oldName = current.displayName;
    if (!created && oldName !== name) {
      await ctx.slackGroups.renameGroup(current.id, name);
      modified.push({ name: "displayName", oldValue: oldName, newValue: name });
    }
    const have = new Map((current.members ?? []).map((m) => [m.value, m.display ?? m.value]));
    const add = created || membersLater ? [] : [...desired.keys()].filter((id) => !have.has(id));
    const remove = created || membersLater ? [] : [...have.keys()].filter((id) => !desired.has(id));
    try {
      await ctx.slackGroups.addGroupMembers(current.id, add);
    } catch (e) {
      // A member was deactivated a moment ago and its link is not updated yet: retry shortly with fresh links.
      if (e instanceof SlackRejectedError && e.slackCode === "unable_to_add_deleted_or_guest_to_group") {
        throw new TransientError(
          "GroupMemberNotActive",
          `A member of "${name}" is not active in Slack yet; retrying.`,
          {
            cause: e,
          },
        );
      }
      throw e;
    }
    await ctx.slackGroups.removeGroupMembers(current.id, remove);
    const membersAdded = created ? [...desired.values()] : add.map((id) => desired.get(id) ?? id);
    const membersRemoved = await mapLimit(remove, 16, async (id) => {
      const owner = await ctx.slackIndex.ownerOf(ctx.jobId, id);
      const upn = owner ? (await ctx.links.get(ctx.jobId, owner))?.link.userPrincipalName : undefined;
      return upn ?? have.get(id) ?? id;
    });
    const newLink: IdentityLink = {
      ...link,
      slackId: current.id,
      matchedBy: created ? "created" : (link.matchedBy ?? "displayName"),
      displayName: name,
      exported: { displayName: name },
    };
    delete newLink.failure;
    const changed = created || adopted || modified.length > 0 || add.length > 0 || remove.length > 0;
    if (!changed) return quiet(newLink);
    const parts = [
      created
        ? `Created Slack group ${current.id} "${name}"`
        : adopted
          ? `Adopted Slack group ${current.id} "${name}"`
          : `Updated Slack group ${current.id} "${name}"`,
      modified.length ? `renamed from "${oldName}"` : "",
      membersAdded.length ? `added ${membersAdded.length} member(s)` : "",
      membersRemoved.length ? `removed ${membersRemoved.length} member(s)` : "",
    ].filter(Boolean);
    run.steps.push({
      name: "action",
      status: "Success",
      detail: created
        ? `POST /Groups with ${desired.size} member(s).`
        : `PATCH add ${add.length}, remove ${remove.length}${modified.length ? ", rename" : ""}.`,
    });
    return {
      action: created ? "Create" : "Update",
      status: "Success",
      reason: `${parts.join(", ")}.`,
      modified,
      membersAdded,
      membersRemoved,
      link: newLink,
    };
  }
}

/** The longest a group run waits for a member read slot: well inside its lease, and never more than a minute. */
export function memberReadWaitMs(leaseMs: number): number {
  return Math.max(1_000, Math.min(60_000, Math.floor(leaseMs / 4)));
}

function quiet(link: IdentityLink): ProvisionOutcome {
  return { action: "Skip", status: "Skipped", reason: "In sync.", modified: [], link, quiet: true };
}

function unlinked(link: IdentityLink): IdentityLink {
  const copy = { ...link };
  delete copy.slackId;
  delete copy.exported;
  return copy;
}

export type GroupProvisionerPorts = ObjectProvisionerPorts &
  MemberChangePorts &
  QueueMemberChangesPorts &
  Pick<
    EngineContext,
    | "groupLinks"
    | "links"
    | "groups"
    | "scope"
    | "groupMembers"
    | "slackGroups"
    | "slackIndex"
    | "groupProvisioning"
    | "groupDeleteOnUnassign"
    | "groupMapping"
  >;
