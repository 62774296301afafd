import type { EmulatorAssignment, EmulatorGroup, GroupImportInput } from "../graph-emulator/emulatorTypes";
import { buildDemoDirectory } from "./buildDemoDirectory";
import type { DemoDirectory } from "./buildDemoDirectory";

/** Anything that can import groups: `emulator.directory` (in-process) or a GraphEmulatorAdminClient. */
export interface GroupImporter {
  importGroups(
    input: GroupImportInput,
  ):
    | { groups: EmulatorGroup[]; assignments: EmulatorAssignment[] }
    | Promise<{ groups: EmulatorGroup[]; assignments: EmulatorAssignment[] }>;
}

/**
 * Creates the demo groups (with nested groups and members) in a Graph emulator that already holds the demo users
 * (loadDemoDirectory), and assigns the demo's assigned groups to the Slack app with principalType "Group".
 */
export async function loadDemoGroups(
  target: GroupImporter,
  demo: DemoDirectory = buildDemoDirectory(),
): Promise<DemoDirectory> {
  await target.importGroups({
    groups: demo.groups,
    assignments: demo.groupAssignments.map((principalId) => ({ principalId, principalType: "Group" as const })),
  });
  return demo;
}
