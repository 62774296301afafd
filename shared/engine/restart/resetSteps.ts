import type { ResetFlag } from "../../state/ResetFlag";
import type { ConnectorTable } from "../../state/StatePorts";

/** One bulk step of a restart: empty a table of the connector's data, or make every failure hold and escrow due. */
export type ResetStep = { kind: "clear"; table: ConnectorTable } | { kind: "holds"; objectType: "User" | "Group" };

/**
 * The bulk steps a restart takes, in order (Watermark and QuarantineState need none: they change the job row when the
 * steps are done). ConnectorDataStore forgets the links first, then the indexes that point at them, then the escrows
 * of objects no link remembers; it makes the Escrows steps needless (the holds and escrows it would clear are gone).
 */
export function resetSteps(flags: readonly ResetFlag[]): ResetStep[] {
  if (flags.includes("ConnectorDataStore")) {
    return (["IdentityLinks", "GroupLinks", "SlackIndex", "UserNameIndex", "Escrows"] as const).map((table) => ({
      kind: "clear",
      table,
    }));
  }
  if (flags.includes("Escrows")) {
    return [
      { kind: "holds", objectType: "User" },
      { kind: "holds", objectType: "Group" },
    ];
  }
  return [];
}
