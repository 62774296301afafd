import type { GraphSubscriptions } from "../notifications/GraphSubscriptions";
import type { Settings } from "../config/Settings";
import { createGraphCredential } from "./createGraphCredential";
import type { GraphSource } from "./GraphSource";
import { MsGraphSource } from "./MsGraphSource";
import type { MsGraphSourceOptions } from "./MsGraphSource";

/** Tuning knobs for tests and the local stack (timeouts, retry counts and delays). */
export type GraphSourceTuning = Omit<MsGraphSourceOptions, "baseUrl" | "credential" | "secrets">;

/** The GraphSource the app uses: Settings.graph.baseUrl with the credential from createGraphCredential. */
export function createGraphSource(
  settings: Pick<Settings, "graph">,
  tuning: GraphSourceTuning = {},
): GraphSource & GraphSubscriptions {
  return new MsGraphSource({
    ...tuning,
    baseUrl: settings.graph.baseUrl,
    credential: createGraphCredential(settings.graph),
    secrets: settings.graph.clientSecret ? [settings.graph.clientSecret] : [],
  });
}
