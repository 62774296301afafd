import { ConfigurationError } from "../errors";
import { SCIM_USER_TARGETS } from "./scimTargets";
import type { TargetInfo } from "./scimTargets";

const BY_PATH: ReadonlyMap<string, { info: TargetInfo; rank: number }> = new Map(
  SCIM_USER_TARGETS.map((info, rank) => [info.path, { info, rank }]),
);

/** The supported target with this exact SCIM path, or undefined. */
export function findTarget(path: string): TargetInfo | undefined {
  return BY_PATH.get(path)?.info;
}

/** The supported target with this exact SCIM path; throws ConfigurationError for an unsupported path. */
export function describeTarget(path: string): TargetInfo {
  const found = findTarget(path);
  if (found === undefined) {
    throw new ConfigurationError(
      `The attribute mapping targets "${path}", which this connector cannot write to Slack. ` +
        `Supported targets: ${SCIM_USER_TARGETS.map((t) => t.path).join(", ")}.`,
    );
  }
  return found;
}

/** Position of a target in the canonical order (unknown paths sort last). */
export function targetRank(path: string): number {
  return BY_PATH.get(path)?.rank ?? SCIM_USER_TARGETS.length;
}
