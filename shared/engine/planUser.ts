import { diffMapped } from "../mapping/diffMapped";
import type { MappedUser } from "../mapping/MappedUser";
import type { IdentityLink } from "../state/IdentityLink";
import type { DesiredUserState } from "./decideUserState";
import type { UserPlan } from "./UserPlan";

export interface PlanUserInput {
  desired: DesiredUserState;
  link: IdentityLink | undefined;
  /** The mapped desired values; required when desired.kind is "provision". */
  mapped?: MappedUser;
  /** Hash of the desired payload (mapped values + desired state), compared with a remembered failure. */
  desiredHash?: string;
}

/** Pure: decides what to do for one user from what Entra says, what we linked and what we last exported. */
export function planUser({ desired, link, mapped, desiredHash }: PlanUserInput): UserPlan {
  const linked = link?.slackId !== undefined;
  switch (desired.kind) {
    case "unknown":
      return { kind: "skip", reason: `Nothing to do: ${desired.reason}.` };
    case "deprovision":
      if (!linked)
        return { kind: "skip", reason: `Not provisioned in Slack, nothing to deactivate: ${desired.evidence}.` };
      if (link?.slackActive === false)
        return { kind: "inSync", reason: `Already deactivated in Slack (${desired.evidence}).` };
      return { kind: "disable", evidence: desired.evidence };
    case "leave": {
      const why = `${desired.evidence}, and ${desired.setting} is leave`;
      if (!linked) return { kind: "skip", reason: `Not provisioned in Slack, and not created: ${why}.` };
      return { kind: "leave", cause: desired.cause, reason: `Left as it is in Slack: ${why}.` };
    }
    case "provision": {
      if (!mapped) throw new Error("planUser: mapped values are required to provision");
      if (link?.failure && desiredHash !== undefined && link.failure.desiredHash === desiredHash) {
        return { kind: "hold", failure: link.failure };
      }
      if (!linked) return { kind: "matchOrCreate" };
      const changes = diffMapped(mapped, link?.exported, "update");
      const reactivate = link?.slackActive === false;
      if (changes.length === 0 && !reactivate) {
        return { kind: "inSync", reason: "Already in sync: no mapped attribute changed since the last export." };
      }
      return { kind: "update", changes, reactivate };
    }
  }
}
