import type { EmulatorAssignment, EmulatorUser, ImportInput } from "../graph-emulator/emulatorTypes";
import { buildDemoDirectory } from "./buildDemoDirectory";
import type { DemoDirectory } from "./buildDemoDirectory";

/** Anything that can import a directory: `emulator.directory` (in-process) or a GraphEmulatorAdminClient. */
export interface DirectoryImporter {
  importDirectory(
    input: ImportInput,
  ):
    | { users: EmulatorUser[]; assignments: EmulatorAssignment[] }
    | Promise<{ users: EmulatorUser[]; assignments: EmulatorAssignment[] }>;
}

/** Creates the demo users in a running Graph emulator and assigns the assigned ones to the Slack app. */
export async function loadDemoDirectory(
  target: DirectoryImporter,
  demo: DemoDirectory = buildDemoDirectory(),
): Promise<DemoDirectory> {
  await target.importDirectory({
    users: demo.users,
    assignments: demo.assignedUserIds.map((principalId) => ({ principalId, principalType: "User" as const })),
  });
  return demo;
}
