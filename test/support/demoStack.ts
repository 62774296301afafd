import type { DemoDirectory } from "../../dev/seed/buildDemoDirectory";
import { loadDemoDirectory } from "../../dev/stack/loadDemoDirectory";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";

/**
 * The local stack seeded with the demo directory (the one `npm start` provisions, groups included), without timers
 * (tests start cycles through the API) and without Slack's rate limits, with extra app settings.
 */
export async function startDemoStack(
  settings: Record<string, string>,
): Promise<{ stack: LocalStack; demo: DemoDirectory }> {
  let demo: DemoDirectory | undefined;
  const stack = await startLocalStack({
    slackRateLimits: "off",
    enableTimers: false,
    settings,
    seed: async (graph, slack) => {
      demo = (await loadDemoDirectory(graph, slack)).demo;
    },
  });
  if (!demo) throw new Error("the demo directory was not loaded");
  return { stack, demo };
}
