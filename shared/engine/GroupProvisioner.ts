import {
  CredentialError,
  describeError,
  isProvisioningError,
  ProvisioningError,
  SlackRejectedError,
  TransientError,
} from "../errors";
import type { ProvisionGroupMessage } from "../queue/messages";
import type { SlackGroup } from "../slack/SlackGroup";
import type { ActivityRecord, ActivityStep, ModifiedProperty } from "../state/ActivityRecord";
import type { IdentityLink } from "../state/IdentityLink";
import { ConcurrentWriteError } from "../state/IdentityLinkRepository";
import { mapLimit } from "../state/batches";
import type { EngineContext } from "./EngineContext";
import { acquireLinkLease, releaseLinkLease, withoutLease } from "./linkLease";

interface GroupOutcome {
  action: ActivityRecord["action"];
  status: ActivityRecord["status"];
  reason: string;
  steps: ActivityStep[];
  modified: ModifiedProperty[];
  membersAdded?: string[];
  membersRemoved?: string[];
  link: IdentityLink;
  error?: { code: string; message: string };
  /** Nothing changed and nothing needs recording. */
  quiet?: boolean;
}

/**
 * Reconciles one Entra group with its Slack group: while the group is assigned, a Slack group with the same display name
 * (adopted by name, or created) whose members are exactly the Slack ids of its in-scope, provisioned, active transitive
 * members; membership changes are PATCH add/remove with explicit values, never a replace. When the group is unassigned
 * or deleted, its Slack group is deleted unless GROUP_DELETE_ON_UNASSIGN is false. One lease per group, one activity
 * record per change (naming the members added and removed).
 */
export class GroupProvisioner {
  constructor(private readonly ctx: EngineContext) {}

  async provision(msg: ProvisionGroupMessage): Promise<ActivityRecord | undefined> {
    const { ctx } = this;
    const started = ctx.clock();
    const owner = ctx.newId();
    const held = await acquireLinkLease(
      ctx.groupLinks,
      ctx.jobId,
      msg.groupId,
      owner, // every run is its own lease owner, even in one process
      ctx.userLeaseMs,
      ctx.clock,
      `Group ${msg.groupId}`,
    );
    const before = held.link;
    let outcome: GroupOutcome;
    try {
      outcome = await this.execute(msg.groupId, before);
    } catch (e) {
      if (e instanceof CredentialError || !isProvisioningError(e) || e.retryable) {
        await releaseLinkLease(ctx.groupLinks, ctx.jobId, held, ctx.log);
        throw e;
      }
      const { code, message } = describeError(e);
      outcome = {
        action: before.slackId ? "Update" : "Create",
        status: "Failure",
        reason: message,
        steps: [{ name: "action", status: "Failure", detail: message }],
        modified: [],
        link: before,
        error: { code, message },
      };
    }
    const now = ctx.clock();
    const next: IdentityLink = { ...withoutLease(outcome.link), objectId: msg.groupId, updatedAt: now.toISOString() };
    if (!outcome.quiet) {
      next.lastAction = outcome.action;
      next.lastChangeId = msg.changeId;
    }
    await this.writeLink(next, owner);
    let record: ActivityRecord | undefined;
    if (!outcome.quiet) {
      record = {
        jobId: ctx.jobId,
        cycleId: msg.cycleId,
        changeId: msg.changeId,
        at: now.toISOString(),
        objectType: "Group",
        objectId: msg.groupId,
        ...(next.displayName ? { identity: next.displayName } : {}),
        ...(next.slackId ? { slackId: next.slackId } : {}),
        action: outcome.action,
        status: outcome.status,
        reason: outcome.reason,
        steps: outcome.steps,
        modifiedProperties: outcome.modified,
        ...(outcome.membersAdded?.length ? { membersAdded: outcome.membersAdded } : {}),
        ...(outcome.membersRemoved?.length ? { membersRemoved: outcome.membersRemoved } : {}),
        ...(outcome.error ? { errorCode: outcome.error.code, errorMessage: outcome.error.message } : {}),
        durationMs: now.getTime() - started.getTime(),
      };
      await ctx.activity.append(record);
      ctx.telemetry.trackChange(record);
    }
    await ctx.pending.remove(msg.cycleId, msg.pendingKey ?? msg.changeId);
    return record;
  }

  /**
   * Writes the group's link and releases the lease. Member changes may have marked the row "queued" meanwhile (a new
   * reconcile is on its way), so the write re-reads the row and keeps that mark.
   */
  private async writeLink(next: IdentityLink, owner: string): Promise<void> {
    const { ctx } = this;
    for (let attempt = 0; attempt < 10; attempt++) {
      const stored = await ctx.groupLinks.get(ctx.jobId, next.objectId);
      if (!stored || stored.link.leaseOwner !== owner) {
        throw new TransientError(
          "GroupLeaseLost",
          `The lease on group ${next.objectId} expired during the run; retrying.`,
        );
      }
      const merged: IdentityLink = { ...next, ...(stored.link.queuedAt ? { queuedAt: stored.link.queuedAt } : {}) };
      try {
        await ctx.groupLinks.replace(ctx.jobId, merged, stored.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConcurrentWriteError)) throw e;
      }
    }
    throw new TransientError("GroupLinkContention", `The link of group ${next.objectId} kept changing; retrying.`);
  }

  private async execute(groupId: string, link: IdentityLink): Promise<GroupOutcome> {
    const { ctx } = this;
    const [group, assignment] = await Promise.all([
      ctx.groups.get(ctx.jobId, groupId),
      ctx.scope.get(ctx.jobId, groupId),
    ]);
    const name = group?.displayName ?? link.displayName ?? groupId;
    const wanted =
      ctx.groupProvisioning && assignment?.principalType === "Group" && group !== undefined && !group.removed;
    const importStep: ActivityStep = {
      name: "import",
      status: group ? "Success" : "Skipped",
      detail: group
        ? `Read group "${name}" from Entra ID${group.removed ? ` (removed: ${group.removed})` : ""}.`
        : "The group is not in the groups mirror.",
    };
    if (!wanted) {
      const why = !ctx.groupProvisioning
        ? "group provisioning is switched off"
        : group?.removed
          ? "the group was deleted in Entra ID"
          : "the group is no longer assigned to the Slack application";
      const scopeStep: ActivityStep = { name: "scope", status: "Success", detail: `Not wanted in Slack: ${why}.` };
      if (!link.slackId) return { ...quiet(link), steps: [importStep, scopeStep] };
      if (!ctx.groupDeleteOnUnassign) {
        return {
          action: "Skip",
          status: "Skipped",
          reason: `Left Slack group ${link.slackId} in place (${why}) because GROUP_DELETE_ON_UNASSIGN is false.`,
          steps: [importStep, scopeStep],
          modified: [],
          link: unlinked(link),
        };
      }
      await ctx.slackGroups.deleteGroup(link.slackId);
      return {
        action: "Delete",
        status: "Success",
        reason: `Deleted Slack group ${link.slackId} "${link.displayName ?? name}" because ${why}.`,
        steps: [
          importStep,
          scopeStep,
          { name: "action", status: "Success", detail: `DELETE /Groups/${link.slackId}.` },
        ],
        modified: [],
        link: unlinked(link),
      };
    }

    // Desired members: the group's transitive users that are provisioned and active in Slack.
    const userIds = [...(await ctx.groupMembers.list(ctx.jobId, groupId))];
    const links = await mapLimit(userIds, 16, (id) => ctx.links.get(ctx.jobId, id));
    const desired = new Map<string, string>(); // Slack id → identity
    links.forEach((l, i) => {
      if (l?.link.slackId && l.link.slackActive)
        desired.set(l.link.slackId, l.link.userPrincipalName ?? userIds[i] ?? "");
    });
    const scopeStep: ActivityStep = {
      name: "scope",
      status: "Success",
      detail: `Assigned to the Slack application; ${userIds.length} transitive member(s), ${desired.size} provisioned and active.`,
    };

    let current: SlackGroup | undefined = link.slackId ? await ctx.slackGroups.getGroup(link.slackId) : undefined;
    let matchStep: ActivityStep;
    let created = false;
    let adopted = false;
    if (current) {
      matchStep = { name: "match", status: "Success", detail: `Linked to Slack group ${current.id}.` };
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
      if (current) {
        adopted = true;
        matchStep = {
          name: "match",
          status: "Success",
          detail: `Adopted Slack group ${current.id} by displayName "${name}".`,
        };
      } else {
        current = await ctx.slackGroups.createGroup({ displayName: name, members: [...desired.keys()] });
        created = true;
        matchStep = { name: "match", status: "Success", detail: `No Slack group is named "${name}".` };
      }
    }

    const modified: ModifiedProperty[] = [];
    const oldName = current.displayName;
    if (!created && oldName !== name) {
      await ctx.slackGroups.renameGroup(current.id, name);
      modified.push({ name: "displayName", oldValue: oldName, newValue: name });
    }
    const have = new Map((current.members ?? []).map((m) => [m.value, m.display ?? m.value]));
    const add = created ? [] : [...desired.keys()].filter((id) => !have.has(id));
    const remove = created ? [] : [...have.keys()].filter((id) => !desired.has(id));
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
    if (!changed) return { ...quiet(newLink), steps: [importStep, scopeStep, matchStep] };
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
    return {
      action: created ? "Create" : "Update",
      status: "Success",
      reason: `${parts.join(", ")}.`,
      steps: [
        importStep,
        scopeStep,
        matchStep,
        {
          name: "action",
          status: "Success",
          detail: created
            ? `POST /Groups with ${desired.size} member(s).`
            : `PATCH add ${add.length}, remove ${remove.length}${modified.length ? ", rename" : ""}.`,
        },
      ],
      modified,
      membersAdded,
      membersRemoved,
      link: newLink,
    };
  }
}

function quiet(link: IdentityLink): GroupOutcome {
  return { action: "Skip", status: "Skipped", reason: "In sync.", steps: [], modified: [], link, quiet: true };
}

function unlinked(link: IdentityLink): IdentityLink {
  const copy = { ...link };
  delete copy.slackId;
  delete copy.exported;
  return copy;
}
