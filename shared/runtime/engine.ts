import { loadSettings } from "../config/Settings";
import type { Settings } from "../config/Settings";
import type { EngineContext } from "../engine/EngineContext";
import { createEngineContext } from "./createEngineContext";

let cached: { settings: Settings; context: EngineContext } | undefined;

/**
 * The process-wide engine, built on first use from the app settings (environment). Settings errors surface as
 * ConfigurationError at the first invocation, naming the setting to fix.
 */
export function engine(): EngineContext {
  if (!cached) {
    const settings = loadSettings();
    cached = { settings, context: createEngineContext(settings) };
  }
  return cached.context;
}

export function engineSettings(): Settings {
  engine();
  return (cached as { settings: Settings }).settings;
}
