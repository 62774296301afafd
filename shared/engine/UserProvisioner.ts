import {
  ConcurrentWriteError,
  describeError,
  isProvisioningError,
  isRetryable,
  ProvisioningError,
  SlackRejectedError,
  TransientError,
} from "../errors";
import type { GraphUser } from "../graph/GraphUser";
import type { AttributeChange } from "../mapping/AttributeChange";
import type { MappedUser } from "../mapping/MappedUser";
import {
  buildCreateResource,
  buildPatchOperations,
  diffMapped,
  exportedValues,
  hashExported,
  mapUser,
  matchingAttributes,
} from "../mapping";
import type { ProvisionUserMessage } from "../queue/messages";
import { decideUserScope } from "../scope/UserScope";
import { validateMappedUser } from "../validation";
import type { SlackUserProblem } from "../validation";
import type { PatchOperation, SlackUser } from "../slack/ScimUser";
import { slackUserName } from "../slack/slackUserName";
import type { ActivityStep, ModifiedProperty } from "../state/ActivityRecord";
import type { IdentityLink, MatchedBy } from "../state/IdentityLink";
import type { SourceUserRecord } from "../state/SourceUserRepository";
import { recordValue } from "../mapping/recordValue";
import { TARGET } from "../mapping/scimTargets";
import { withGuestTargets } from "../policies/withGuestTargets";
import { readOwnerStanding } from "../slack/health/readOwnerStanding";
import { applyScopingFilters } from "./applyScopingFilters";
import { decideRelink } from "./decideRelink";
import type { OwnerPresence } from "./decideRelink";
import { directReadSeq, isDirectReadSeq } from "./directReadSeq";
import { keepManager } from "./keepManager";
import { decideUserState } from "./decideUserState";
import { directReadSelect } from "./userSelectFor";
import { resolveManager } from "./resolveManager";
import { WholeGroupCoverage } from "./WholeGroupCoverage";
import { MemberBatchWindow } from "./MemberBatchWindow";
import { queueMemberChanges } from "./queueMemberChanges";
import { queueUserWork } from "./queueWork";
import type { DesiredUserState } from "./decideUserState";
import type { EngineContext } from "./EngineContext";
import type { ObjectProvisionerPorts, ProvisionItem, ProvisionOutcome, ProvisionRun } from "./ObjectProvisioner";
import { ObjectProvisioner } from "./ObjectProvisioner";
import { planUser } from "./planUser";
import { chooseUniqueValues } from "../mapping/chooseUniqueValues";
import { redactedValue } from "../mapping/redactedValue";

/** What executing a plan produced: the outcome, plus the match and action steps of the activity record. */
interface Outcome extends ProvisionOutcome {
  match?: ActivityStep;
  actionStep: ActivityStep;
  /** Set when the plan left the Slack user as it is (the policy for this cause is leave). */
  leftAlone?: "disabled" | "outOfScope";
}

/**
 * Reconciles one Entra user with Slack (on the ObjectProvisioner skeleton, which holds the per-user lease and writes
 * the link and the activity record). Idempotent: it reads the latest mirrored state from Table Storage (never the
 * message's possibly stale content) and matches by userName then email before creating (so a crash between create and
 * link cannot duplicate). Permanent failures are remembered against the payload hash, so the same payload is not
 * retried until the user changes in Entra.
 */
/** Per store, the job|cycle pairs whose snapshot of Slack's users is known complete (it never becomes incomplete). */
const snapshotsReady = new WeakMap<object, Set<string>>();

/** A create refused because the user exists (RFC 7644 409 uniqueness; Slack's username_taken / email_taken). */
function isConflict(e: unknown): boolean {
  return (
    e instanceof SlackRejectedError &&
    (e.status === 409 || e.slackCode === "username_taken" || e.slackCode === "email_taken")
  );
}

export class UserProvisioner extends ObjectProvisioner<ProvisionUserMessage> {
  /** When this process last queued each group's reconcile for a member's change (the batching delay). */
  private readonly memberBatches: MemberBatchWindow;
  /** Groups this process knows the cycle's full round left whole to its end (no member change recorded for them). */
  private readonly wholeGroups: WholeGroupCoverage;

  constructor(private readonly ctx: UserProvisionerPorts) {
    super(ctx, { objectType: "User", links: ctx.links, objectIdOf: (msg) => msg.objectId });
    this.memberBatches = new MemberBatchWindow(ctx.clock);
    this.wholeGroups = new WholeGroupCoverage(ctx.clock);
  }

  protected async execute({ msg, link: before, run }: ProvisionItem<ProvisionUserMessage>): Promise<ProvisionOutcome> {
    const { ctx } = this;
    if (before.userPrincipalName) run.identity = before.userPrincipalName;
    const record = msg.confirmAbsence
      ? await this.confirmAbsence(msg.objectId, msg.confirmAbsence.round)
      : await this.importUser(msg.objectId);
    const snapshot = record?.snapshot;
    if (snapshot?.userPrincipalName) run.identity = snapshot.userPrincipalName;
    run.steps.push(importStep(record));
    const scopeEntry = await ctx.userScope.get(ctx.jobId, msg.objectId);
    const assigned = decideUserScope(scopeEntry);
    run.dependents = assigned.viaGroups ?? [];
    const scope = snapshot ? applyScopingFilters(assigned, ctx.mapping, snapshot) : assigned;
    const desired = decideUserState(record, scope, ctx.policies);
    run.steps.push(scopeStep(desired, scope.paths));
    const outcome = await this.decide(
      desired,
      before,
      snapshot,
      scopeEntry?.appRoles ?? [],
      msg.removal === "released",
      // A run that follows a failed or crashed one matches in Slack itself: it may have created the user already.
      run.recovering ? undefined : msg.cycleId,
    );
    if (outcome.match) run.steps.push(outcome.match);
    run.steps.push(outcome.actionStep);
    // A drift scan's hand-over: the link holds what Slack had, so this run's diff is the repair; the record says so.
    const reason = msg.reason === "drift" ? `Drift repair: ${outcome.reason}` : outcome.reason;
    return {
      ...outcome,
      reason,
      link: { ...outcome.link, ...(run.identity ? { userPrincipalName: run.identity } : {}) },
    };
  }

  /**
   * A user who appeared in Slack, or whose active state changed, changes its Slack groups (a member change each, see
   * queueMemberChanges) and its reports. A message delivered again after its run saved the link (a crash before this
   * step finished: the link names this change) records its member changes again, since the run itself sees nothing
   * change now (its reports' messages are in the backlog, which the run re-sent first).
   */
  protected override async afterSave(
    msg: ProvisionUserMessage,
    before: IdentityLink,
    after: IdentityLink,
    run: ProvisionRun,
  ): Promise<void> {
    const { ctx } = this;
    if (after.slackId && !before.slackId) await ctx.sources.setManaged(ctx.jobId, msg.objectId, true);
    const changed = slackMembershipChanged(before, after);
    const redelivered = before.lastChangeId === msg.changeId && after.slackId !== undefined;
    if (ctx.groupProvisioning && (changed || redelivered)) {
      await queueMemberChanges(
        ctx,
        msg,
        msg.objectId,
        run.dependents ?? [],
        (g) => this.memberBatches.delayFor(g),
        this.wholeGroups,
      );
    }
    // Reports provisioned before their manager get the manager reference now: on arrival, those on its waiting list (one
    // point read; also on a re-delivery, in case the crash came before they were queued); when it is deactivated or
    // reactivated, every report (their reference goes or comes back; a rare event).
    const arrived = !before.slackId && after.slackId !== undefined;
    if (arrived || redelivered) {
      await ctx.reports.takeWaiting(ctx.jobId, msg.objectId, (waiting) =>
        queueUserWork(ctx, msg.cycleId, waiting, "manager", msg.changeId),
      );
    }
    if (!changed || arrived) return;
    const reports = await ctx.reports.reportsOf(ctx.jobId, msg.objectId);
    await queueUserWork(ctx, msg.cycleId, reports, "manager", msg.changeId);
  }

  /** Our mirror of the user; when there is none yet (assigned before any delta round saw it), read it from Graph. */
  private async importUser(objectId: string): Promise<SourceUserRecord | undefined> {
    const { ctx } = this;
    const record = await ctx.sources.get(ctx.jobId, objectId);
    if (record && (record.snapshot || record.removed)) return record;
    const user = await ctx.graph.getUser(objectId, directReadSelect(ctx.userSelect));
    if (!user) return record;
    await ctx.sources.saveObservations(ctx.jobId, [{ objectId, snapshot: user, seq: "" }]);
    return { objectId, snapshot: user, seq: "", managed: record?.managed ?? false };
  }

  /**
   * A complete full read did not return this managed user. Read it directly: a 404 is the second, confirming signal that
   * it was deleted (while the delta token was expired, say); anything else refreshes the mirror and changes nothing.
   */
  private async confirmAbsence(objectId: string, round: number): Promise<SourceUserRecord | undefined> {
    const { ctx } = this;
    const seq = directReadSeq(round);
    const user = await ctx.graph.getUser(objectId, directReadSelect(ctx.userSelect));
    const current = await ctx.sources.get(ctx.jobId, objectId);
    if (current && current.seq > seq) return current; // a newer observation arrived meanwhile: it wins
    if (user) {
      const snapshot = keepManager(user, current?.snapshot);
      await ctx.sources.saveObservations(ctx.jobId, [{ objectId, snapshot, seq }]);
      return { objectId, snapshot, seq, managed: current?.managed ?? true };
    }
    await ctx.sources.saveObservations(ctx.jobId, [{ objectId, removed: "deleted", seq }]);
    return { ...(current ?? { managed: true }), objectId, removed: "deleted", seq };
  }

  private async decide(
    desired: DesiredUserState,
    link: IdentityLink,
    snapshot: GraphUser | undefined,
    appRoles: readonly { value: string | null; displayName: string | null }[],
    released: boolean,
    snapshotCycle: string | undefined,
  ): Promise<Outcome> {
    const mapped =
      desired.kind === "provision" && snapshot
        ? withGuestTargets(
            mapUser(await resolveManager(this.ctx, snapshot, { waitAs: snapshot.id }), this.ctx.mapping, {
              appRoleAssignments: appRoles,
              now: this.ctx.clock,
            }),
            desired,
            this.ctx.policies,
          )
        : undefined;
    const outcome = withExpressionWarnings(await this.apply(desired, link, mapped, released, snapshotCycle), mapped);
    // A user left as it is (OUT_OF_SCOPE_ACTION / DISABLED_USER_ACTION = leave) is marked on its link, so the drift
    // scan leaves it alone too; the mark goes with the first run that provisions, deactivates or finds it in sync.
    if (outcome.leftAlone !== undefined || !("leftAlone" in outcome.link) || desired.kind === "unknown") return outcome;
    const kept = { ...outcome.link };
    delete kept.leftAlone;
    return { ...outcome, link: kept };
  }

  private async apply(
    desired: DesiredUserState,
    link: IdentityLink,
    mapped: MappedUser | undefined,
    released: boolean,
    snapshotCycle: string | undefined,
  ): Promise<Outcome> {
    const { ctx } = this;
    const desiredHash = mapped ? hashExported(exportedValues(mapped, ["always", "createOnly"])) : undefined;
    const plan = planUser({ desired, link, ...(mapped ? { mapped } : {}), ...(desiredHash ? { desiredHash } : {}) });
    const linkedStep = (): ActivityStep => ({
      name: "match",
      status: "Success",
      detail: `Linked to Slack user ${link.slackId ?? "?"} (${link.matchedBy === "created" ? "created by us" : `matched by ${link.matchedBy ?? "?"}`}).`,
    });

    switch (plan.kind) {
      case "skip":
        return {
          ...skipped(link, plan.reason),
          ...(desired.kind === "deprovision" && desired.policy ? { policy: desired.policy } : {}),
        };
      case "leave":
        return {
          ...skipped({ ...link, leftAlone: plan.cause }, plan.reason),
          ...(desired.kind === "leave" ? { policy: `${desired.setting}=leave` } : {}),
          match: linkedStep(),
          leftAlone: plan.cause,
        };
      case "inSync":
        return { ...skipped(link, plan.reason), match: linkedStep() };
      case "hold":
        return {
          action: link.slackId ? "Update" : "Create",
          status: "Skipped",
          reason:
            `Not retried: Slack rejected the same values before (${plan.failure.code}: ${plan.failure.message}). ` +
            "It will be retried when the user changes in Entra ID.",
          actionStep: {
            name: "action",
            status: "Skipped",
            detail: "Held after a permanent failure with the same values.",
          },
          modified: [],
          link,
          error: { code: plan.failure.code, message: plan.failure.message },
        };
      case "disable": {
        // The deletion guard decides at the end of the cycle whether this deactivation goes ahead (RemovalGate).
        if (!released) return staged(link, plan.evidence, linkedStep());
        const slackId = link.slackId as string;
        await ctx.slack.patchUser(slackId, [{ op: "replace", path: "active", value: false }]);
        return {
          action: "Disable",
          status: "Success",
          reason: `Deactivated in Slack because ${plan.evidence}.`,
          match: linkedStep(),
          actionStep: { name: "action", status: "Success", detail: `PATCH active=false on ${slackId}.` },
          modified: [{ name: "active", oldValue: "true", newValue: "false" }],
          link: withoutFailure({ ...link, slackActive: false }),
        };
      }
      case "update": {
        const m = mapped as MappedUser;
        try {
          return await this.update(link, m, plan.changes, plan.reactivate, desiredHash as string, linkedStep());
        } catch (e) {
          // The linked Slack user is gone (InvalidAnchor): forget the link and match or create again.
          if (isProvisioningError(e) && e.status === 404) {
            const unlinked = { ...link };
            delete unlinked.slackId;
            delete unlinked.exported;
            return await this.matchOrCreate(unlinked, m, desiredHash as string, snapshotCycle);
          }
          return failed(link, e, { desiredHash, match: linkedStep(), now: this.ctx.clock() });
        }
      }
      case "matchOrCreate":
        return await this.matchOrCreate(link, mapped as MappedUser, desiredHash as string, snapshotCycle);
    }
  }

  private async update(
    link: IdentityLink,
    mapped: MappedUser,
    changes: AttributeChange[],
    reactivate: boolean,
    desiredHash: string,
    match: ActivityStep,
  ): Promise<Outcome> {
    const slackId = link.slackId as string;
    rejectInvalid(
      validateMappedUser(mapped, this.ctx.clock()).filter((p) => changes.some((c) => c.target.startsWith(p.attribute))),
    );
    const ops: PatchOperation[] = buildPatchOperations(changes, mapped);
    if (reactivate) ops.push({ op: "replace", path: "active", value: true });
    await explainGuestRefusal(this.ctx.slack.patchUser(slackId, ops), slackId);
    const modified = changes.map((c) => toModified(c, mapped));
    if (reactivate) modified.push({ name: "active", oldValue: "false", newValue: "true" });
    return {
      action: "Update",
      status: "Success",
      reason: reactivate
        ? `Reactivated in Slack${changes.length ? ` and updated ${describeChanges(changes)}` : ""}.`
        : `Updated ${describeChanges(changes)} in Slack.`,
      match,
      actionStep: { name: "action", status: "Success", detail: `PATCH ${slackId} with ${ops.length} operation(s).` },
      modified,
      link: withoutFailure({
        ...link,
        slackActive: true,
        exported: { ...link.exported, ...exportedValues(mapped, ["always"]) },
        exportedHash: desiredHash,
      }),
    };
  }

  private async matchOrCreate(
    link: IdentityLink,
    mapped: MappedUser,
    desiredHash: string,
    snapshotCycle: string | undefined,
  ): Promise<Outcome> {
    const { ctx } = this;
    const tried: string[] = [];
    // A full cycle took a snapshot of Slack's users: match against it, not with two Slack reads per user.
    let fromSnapshot = snapshotCycle !== undefined && (await this.snapshotReady(snapshotCycle));
    try {
      rejectInvalid(validateMappedUser(mapped, ctx.clock()));
      const wanted = mapped.values.userName;
      if (wanted) {
        const name = slackUserName(wanted);
        // The users page has usually recorded it already: a point read then spares a write (a replace, on Azurite one
        // that costs in proportion to the table).
        if ((await ctx.userNames.ownerOf(ctx.jobId, name)) !== link.objectId) {
          await ctx.userNames.record(ctx.jobId, [{ slackUserName: name, objectId: link.objectId }]);
        }
      }
      for (;;) {
        tried.length = 0;
        for (const attr of matchingAttributes(mapped, ctx.mapping)) {
          const by: MatchedBy = attr.target === "userName" ? "userName" : "email";
          const found = await this.lookUp(by, attr.value, fromSnapshot ? snapshotCycle : undefined);
          tried.push(`${by} "${attr.value}"${fromSnapshot ? " (in the cycle's snapshot of Slack)" : ""}`);
          if (found.length > 1) {
            throw new ProvisioningError(
              "DuplicateTargetEntries",
              `${found.length} Slack users match ${by} "${attr.value}" (${found.map((u) => u.id).join(", ")}). ` +
                "Make the value unique in Slack or change the matching attributes.",
            );
          }
          const candidate = found[0];
          if (!candidate) continue;
          return await this.adopt(link, mapped, candidate, by, attr.value, desiredHash);
        }
        try {
          // SelectUniqueValue: ask Slack itself (not the snapshot), deactivated users included, on create only.
          const unique = await chooseUniqueValues(mapped, (target, value) => this.isTaken(target, value));
          const created = await ctx.slack.createUser(buildCreateResource(unique.mapped));
          return await this.created(link, unique.mapped, created, desiredHash, tried, unique.notes);
        } catch (e) {
          // Someone created the user after the snapshot was taken (or we did, and crashed before saving the link):
          // look again, in Slack itself this time.
          if (fromSnapshot && isConflict(e)) {
            fromSnapshot = false;
            continue;
          }
          throw e;
        }
      }
    } catch (e) {
      return failed(link, e, {
        desiredHash,
        match: {
          name: "match",
          status: tried.length ? "Success" : "Skipped",
          detail: tried.length ? `Looked up Slack by ${tried.join(", then ")}.` : "No lookup made.",
        },
        now: ctx.clock(),
      });
    }
  }

  private async created(
    link: IdentityLink,
    mapped: MappedUser,
    created: SlackUser,
    desiredHash: string,
    tried: readonly string[],
    uniqueNotes: readonly string[] = [],
  ): Promise<Outcome> {
    await this.claim(created, link.objectId, "userName", mapped.values.userName ?? "");
    return {
      action: "Create",
      status: "Success",
      reason: `Created Slack user ${created.id}.`,
      match: {
        name: "match",
        status: "Success",
        detail: tried.length ? `No Slack user matches ${tried.join(" or ")}.` : "No matching attribute has a value.",
      },
      actionStep: {
        name: "action",
        status: "Success",
        detail: [`POST /Users created ${created.id}.`, ...uniqueNotes.map((n) => `SelectUniqueValue ${n}`)].join(" "),
      },
      modified: Object.entries(exportedValues(mapped, ["always", "createOnly"]))
        .filter(([, v]) => v !== null)
        .map(([name, v]) => ({ name, oldValue: null, newValue: redactedValue(mapped, name, v) })),
      link: withoutFailure({
        ...link,
        slackId: created.id,
        matchedBy: "created",
        slackActive: true,
        exported: exportedValues(mapped, ["always", "createOnly"]),
        exportedHash: desiredHash,
      }),
    };
  }

  /** Whether this cycle's snapshot of Slack's users is complete (remembered per cycle once it is). */
  private async snapshotReady(cycleId: string): Promise<boolean> {
    const store = this.ctx.slackSnapshot;
    const known = snapshotsReady.get(store) ?? new Set<string>();
    snapshotsReady.set(store, known);
    const key = `${this.ctx.jobId}|${cycleId}`;
    if (known.has(key)) return true;
    const ready = await store.isComplete(this.ctx.jobId, cycleId);
    if (ready) {
      if (known.size > 100) known.clear();
      known.add(key);
    }
    return ready;
  }

  /** For SelectUniqueValue: whether a Slack user, active or not, already has this userName or work email. */
  private async isTaken(target: string, value: string): Promise<boolean> {
    const found =
      target === "userName" ? await this.findByUserName(value) : await this.ctx.slack.findUsersByEmail(value);
    return found.length > 0;
  }

  /** Slack users with this userName or email: from the cycle's snapshot when there is one, from Slack otherwise. */
  private lookUp(by: MatchedBy, value: string, snapshotCycle: string | undefined): Promise<SlackUser[]> {
    const { ctx } = this;
    if (snapshotCycle === undefined) {
      return by === "userName" ? this.findByUserName(value) : ctx.slack.findUsersByEmail(value);
    }
    if (by === "email") return ctx.slackSnapshot.findByEmail(ctx.jobId, snapshotCycle, value);
    return this.findInSnapshotByUserName(snapshotCycle, value);
  }

  /** As findByUserName, in the snapshot: the value as sent, then the form Slack would store. */
  private async findInSnapshotByUserName(cycleId: string, requested: string): Promise<SlackUser[]> {
    const { ctx } = this;
    const found = await ctx.slackSnapshot.findByUserName(ctx.jobId, cycleId, requested);
    const stored = slackUserName(requested);
    if (found.length > 0 || stored === requested.toLowerCase()) return found;
    return ctx.slackSnapshot.findByUserName(ctx.jobId, cycleId, stored);
  }

  /**
   * Slack keeps an email-like userName as its local part (`ada.park@contoso.example` → `ada.park`), so a search for the
   * value as mapped misses the user it would clash with; a generic SCIM server keeps the value as sent. Search for the
   * value as sent, then for the form Slack would store.
   */
  private async findByUserName(requested: string): Promise<SlackUser[]> {
    const found = await this.ctx.slack.findUsersByUserName(requested);
    const stored = slackUserName(requested);
    if (found.length > 0 || stored === requested.toLowerCase()) return found;
    return this.ctx.slack.findUsersByUserName(stored);
  }

  /**
   * Claims the Slack id for this Entra user. An account linked to another Entra user is taken over only when that user
   * is confirmed permanently deleted (decideRelink): its old link is retired, and the purged owner's id is returned.
   * Otherwise it throws: two Entra users who exist never share one Slack account.
   */
  private async claim(user: SlackUser, objectId: string, by: MatchedBy, value: string): Promise<string | undefined> {
    const { ctx } = this;
    const owner = await ctx.slackIndex.claim(ctx.jobId, user.id, objectId);
    if (owner === objectId) return undefined;
    const mirror = await ctx.sources.get(ctx.jobId, owner);
    const decision = decideRelink({
      owner,
      claimant: objectId,
      presence: await this.presenceOf(owner),
      mirrorRemoved: mirror?.removed !== undefined,
    });
    if (!decision.relink) {
      const link = await ctx.links.get(ctx.jobId, owner);
      const who = link?.link.userPrincipalName ?? owner;
      const code = by === "email" ? "email_taken" : "username_taken";
      const what = `Slack user ${user.id} has the ${by === "email" ? "email" : "userName"} "${value}"`;
      if (decision.refused === "unconfirmed")
        throw new TransientError(code, `${what}: ${decision.why}. ${decision.whatToDo}`);
      if (decision.refused === "live") {
        throw new ProvisioningError(
          code,
          `${what} and is already linked to the Entra user ${who}. Two Entra users cannot share one Slack ` +
            "account: give each a unique value.",
        );
      }
      throw new ProvisioningError(code, `${what}, but ${decision.why.replace(owner, who)}. ${decision.whatToDo}`);
    }
    const after = await ctx.slackIndex.transfer(ctx.jobId, user.id, owner, objectId);
    if (after !== objectId) throw new ConcurrentWriteError(`Slack user ${user.id} changed owner meanwhile.`);
    await this.retireLink(owner, user.id, objectId);
    ctx.log.info(`Slack user ${user.id}: ${decision.detail}, now linked to ${objectId}.`);
    return owner;
  }

  /** Where the Entra user is: a direct read, then deleted items (Graph answers 404 for a soft-deleted user too). */
  private async presenceOf(objectId: string): Promise<OwnerPresence> {
    const { graph } = this.ctx;
    if (await graph.getUser(objectId, ["id"])) return "live";
    return (await graph.isDeletedItem(objectId)) ? "softDeleted" : "purged";
  }

  /** The purged owner's link forgets the Slack account it no longer owns (a later run of it has nothing to act on). */
  private async retireLink(owner: string, slackId: string, to: string): Promise<void> {
    const { ctx } = this;
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await ctx.links.get(ctx.jobId, owner);
      if (stored?.link.slackId !== slackId) return;
      const retired: IdentityLink = {
        ...stored.link,
        lastAction: `Retired: Slack user ${slackId} re-linked to ${to}`,
        updatedAt: ctx.clock().toISOString(),
      };
      delete retired.slackId;
      delete retired.exported;
      delete retired.exportedHash;
      delete retired.slackActive;
      delete retired.matchedBy;
      try {
        await ctx.links.replace(ctx.jobId, retired, stored.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConcurrentWriteError)) throw e;
      }
    }
    throw new ConcurrentWriteError(`The link of ${owner} kept changing while retiring it.`);
  }

  private async adopt(
    link: IdentityLink,
    mapped: MappedUser,
    candidate: SlackUser,
    by: MatchedBy,
    value: string,
    desiredHash: string,
  ): Promise<Outcome> {
    if (by !== "userName") {
      const owner = await this.ctx.userNames.ownerOf(this.ctx.jobId, slackUserName(candidate.userName));
      if (owner !== undefined && owner !== link.objectId) {
        const other = (await this.ctx.sources.get(this.ctx.jobId, owner))?.snapshot?.userPrincipalName ?? owner;
        throw new ProvisioningError(
          "email_taken",
          `Slack user ${candidate.id} has the email "${value}", but its userName "${candidate.userName}" belongs to ` +
            `the Entra user ${other}. Two Entra users share this email: give each a unique mail.`,
        );
      }
    }
    rejectGuestAdmin(mapped, candidate);
    const purged = await this.claim(candidate, link.objectId, by, value);
    const changes = diffMapped(mapped, undefined, "adopt", candidate);
    const ops = buildPatchOperations(changes, mapped);
    const reactivate = candidate.active === false;
    // `active` is optional in SCIM (RFC 7643 §4.1.1): a server that does not say is told, rather than assumed active.
    const activeUnknown = candidate.active === undefined;
    if (reactivate || activeUnknown) ops.push({ op: "replace", path: "active", value: true });
    if (ops.length > 0) await explainGuestRefusal(this.ctx.slack.patchUser(candidate.id, ops), candidate.id);
    const modified = changes.map((c) => toModified(c, mapped));
    if (reactivate || activeUnknown) {
      modified.push({ name: "active", oldValue: reactivate ? "false" : null, newValue: "true" });
    }
    return {
      action: ops.length > 0 ? "Update" : "Other",
      status: "Success",
      reason:
        `Adopted the existing Slack user ${candidate.id} (matched by ${by})` +
        (purged ? `, re-linked from purged object ${purged}` : "") +
        (reactivate ? ", reactivated it" : "") +
        (changes.length ? ` and updated ${describeChanges(changes)}.` : "."),
      match: {
        name: "match",
        status: "Success",
        detail:
          `Matched Slack user ${candidate.id} by ${by} "${value}".` +
          (purged
            ? ` It was linked to ${purged}, which Entra ID no longer has (GET /users and /directory/deletedItems ` +
              "answer 404): re-linked from purged object."
            : ""),
      },
      actionStep: {
        name: "action",
        status: "Success",
        detail: ops.length ? `PATCH ${candidate.id} with ${ops.length} operation(s).` : "Nothing to change.",
      },
      modified,
      link: withoutFailure({
        ...link,
        slackId: candidate.id,
        matchedBy: by,
        slackActive: true,
        exported: exportedValues(mapped, ["always", "createOnly"]),
        exportedHash: desiredHash,
      }),
    };
  }
}

/**
 * Pre-flight: Slack refuses to make an Org Admin, Owner or Primary Owner a guest (`cannot_make_user_guest`). An
 * existing Slack user about to be adopted as a guest is checked against the account type its record shows.
 */
function rejectGuestAdmin(mapped: MappedUser, candidate: SlackUser): void {
  if (recordValue(mapped.values, TARGET.guestType) !== "multi") return;
  const { standing, role } = readOwnerStanding(candidate);
  if (standing !== "admin") return;
  throw new ProvisioningError(
    "cannot_make_user_guest",
    `Not sent to Slack: the Slack user ${candidate.id} is an ${role ?? "admin or owner"}, and Slack does not make ` +
      "admins or owners guests (cannot_make_user_guest). Remove the role in Slack first, or provision this user " +
      "as a member (userType Member in Entra ID, or GUEST_POLICY=member).",
  );
}

/** Slack's refusal to make a user a guest, with what the admin can do about it. */
async function explainGuestRefusal<T>(request: Promise<T>, slackId: string): Promise<T> {
  try {
    return await request;
  } catch (e) {
    if (e instanceof SlackRejectedError && e.slackCode === "cannot_make_user_guest") {
      throw new ProvisioningError(
        "cannot_make_user_guest",
        `Slack refused to make ${slackId} a guest: it is an admin or owner (cannot_make_user_guest). Remove the ` +
          "role in Slack first, or provision this user as a member (userType Member in Entra ID, or GUEST_POLICY=member).",
      );
    }
    throw e;
  }
}

/** Pre-flight: a value Slack would refuse fails here, naming the rule and the fix, before any API call is spent. */
function rejectInvalid(problems: readonly SlackUserProblem[]): void {
  const errors = problems.filter((p) => p.severity === "error");
  const first = errors[0];
  if (!first) return;
  throw new ProvisioningError(
    first.rule,
    `Not sent to Slack: ${errors.map((p) => `${p.attribute}: ${p.message} (${p.rule})`).join("; ")}`,
  );
}

/**
 * An expression that failed for this user leaves its target untouched in Slack (never blanked). A linked user is still
 * updated for everything else; the record becomes a Warning naming the failed expressions and what to fix.
 */
function withExpressionWarnings(outcome: Outcome, mapped: MappedUser | undefined): Outcome {
  const failed = Object.entries(mapped?.errors ?? {});
  if (failed.length === 0 || outcome.status === "Failure") return outcome;
  const message = failed.map(([target, why]) => `${target}: ${why}`).join("; ");
  return {
    ...outcome,
    status: "Warning",
    reason: `${outcome.reason} Not changed because its mapping expression failed: ${message}`,
    error: { code: "expression_failed", message },
  };
}

function slackMembershipChanged(before: IdentityLink, after: IdentityLink): boolean {
  return before.slackId !== after.slackId || (before.slackActive ?? false) !== (after.slackActive ?? false);
}

/** A deactivation decided and staged for the cycle's removal gate: nothing is done or recorded yet. */
function staged(link: IdentityLink, evidence: string, match: ActivityStep): Outcome {
  const reason = `Deactivation staged for the deletion guard: ${evidence}.`;
  return {
    action: "Disable",
    status: "Skipped",
    reason,
    match,
    actionStep: { name: "action", status: "Skipped", detail: reason },
    modified: [],
    link,
    quiet: true,
    stagedRemoval: { evidence },
  };
}

function skipped(link: IdentityLink, reason: string): Outcome {
  return {
    action: "Skip",
    status: "Skipped",
    reason,
    actionStep: { name: "action", status: "Skipped", detail: reason },
    modified: [],
    link,
  };
}

/** A permanent failure: recorded with Slack's code and remembered against the payload hash; retryable ones propagate. */
function failed(
  link: IdentityLink,
  e: unknown,
  context: { desiredHash: string | undefined; match: ActivityStep; now: Date },
): Outcome {
  const { desiredHash, match } = context;
  if (isRetryable(e)) throw e;
  const { code, message } = describeError(e);
  const slackCode = code.startsWith("Slack:") ? code.slice("Slack:".length) : code;
  const attempts = (link.failure?.attempts ?? 0) + 1;
  return {
    action: link.slackId ? "Update" : "Create",
    status: "Failure",
    reason: message,
    match,
    actionStep: { name: "action", status: "Failure", detail: message },
    modified: [],
    link: {
      ...link,
      failure: { code: slackCode, message, desiredHash: desiredHash ?? "", at: context.now.toISOString(), attempts },
    },
    error: { code: slackCode, message },
  };
}

function withoutFailure(link: IdentityLink): IdentityLink {
  const copy = { ...link };
  delete copy.failure;
  return copy;
}

/** One change as the activity record shows it: values of Redact() targets appear as "[Redact]". */
function toModified(c: AttributeChange, mapped: MappedUser): ModifiedProperty {
  return {
    name: c.target,
    oldValue: redactedValue(mapped, c.target, c.oldValue),
    newValue: redactedValue(mapped, c.target, c.newValue),
  };
}

function describeChanges(changes: readonly AttributeChange[]): string {
  return changes.map((c) => c.target).join(", ");
}

function importStep(record: SourceUserRecord | undefined): ActivityStep {
  if (!record) return { name: "import", status: "Failure", detail: "The user was not found in Entra ID." };
  if (record.removed)
    return { name: "import", status: "Success", detail: `Entra ID reported the user removed (${record.removed}).` };
  const upn = record.snapshot?.userPrincipalName ?? record.objectId;
  return {
    name: "import",
    status: "Success",
    detail: `Read ${upn} from Entra ID${isDirectReadSeq(record.seq) ? " (direct read)" : ` (delta observation ${record.seq})`}.`,
  };
}

function scopeStep(desired: DesiredUserState, paths: readonly string[]): ActivityStep {
  switch (desired.kind) {
    case "provision":
      return {
        name: "scope",
        status: "Success",
        detail:
          `In scope: ${paths.join("; ")}; active in Entra ID.` +
          (desired.guest ? ` A guest (${desired.guest.reason}): provisioned as a Slack multi-channel guest.` : ""),
      };
    case "deprovision":
      return { name: "scope", status: "Success", detail: `Not to be active in Slack: ${desired.evidence}.` };
    case "leave":
      return {
        name: "scope",
        status: "Success",
        detail: `Not to be active in Slack: ${desired.evidence}; but ${desired.setting} is leave, so it is left as it is.`,
      };
    case "unknown":
      return { name: "scope", status: "Skipped", detail: desired.reason };
  }
}

export type UserProvisionerPorts = ObjectProvisionerPorts &
  Pick<
    EngineContext,
    | "graph"
    | "links"
    | "groupLinks"
    | "sources"
    | "userScope"
    | "slackIndex"
    | "slackSnapshot"
    | "userNames"
    | "reports"
    | "mapping"
    | "userSelect"
    | "groupProvisioning"
    | "memberChanges"
    | "policies"
  >;
