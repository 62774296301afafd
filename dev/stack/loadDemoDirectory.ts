import type { GraphEmulator } from "../graph-emulator/startGraphEmulator";
import { buildDemoDirectory } from "../seed/buildDemoDirectory";
import type { DemoDirectory } from "../seed/buildDemoDirectory";
import { loadDemoDirectory as loadIntoGraph } from "../seed/loadDemoDirectory";
import { loadDemoGroups } from "../seed/loadDemoGroups";
import type { SlackEmulator } from "../slack-emulator/startSlackEmulator";

export interface DemoLoaded {
  demo: DemoDirectory;
  users: number;
  assigned: number;
  /** Groups assigned to the Slack application (with nested subgroups). */
  groups: number;
  slackUsers: number;
}

/** Loads the demo tenant into the Graph emulator and the users that exist in Slack before the first cycle. */
export async function loadDemoDirectory(graph: GraphEmulator, slack: SlackEmulator): Promise<DemoLoaded> {
  const demo = buildDemoDirectory();
  await loadIntoGraph(graph.directory, demo);
  await loadDemoGroups(graph.directory);
  for (const u of demo.slackUsers) {
    const match = demo.slackMatches.find((m) => m.userName === u.userName);
    slack.store.seedUser({
      ...u,
      role: match?.kind === "primaryOwner" ? "primaryOwner" : "member",
    });
  }
  return {
    demo,
    users: demo.users.length,
    assigned: demo.assignedUserIds.length,
    groups: demo.groupAssignments.length,
    slackUsers: demo.slackUsers.length,
  };
}
