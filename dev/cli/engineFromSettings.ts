import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSettings } from "../../shared/config/Settings";
import type { EngineContext } from "../../shared/engine/EngineContext";
import { createEngineContext } from "../../shared/runtime/createEngineContext";
import { STACK_SETTINGS_FILE } from "./stackSettingsFile";

/**
 * The engine for a command-line tool, from `--settings FILE` (local.settings.json format), else from
 * `.local/stack.settings.json` (written by `npm start` for the running local stack), else from the environment.
 */
export function engineFromSettings(settingsFile: string | undefined): EngineContext {
  const file = settingsFile ?? (existsSync(join(process.cwd(), STACK_SETTINGS_FILE)) ? STACK_SETTINGS_FILE : undefined);
  const env = file
    ? { ...process.env, ...(JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, string> }).Values }
    : process.env;
  const quiet = {
    info: () => undefined,
    warn: (m: string) => console.error(m),
    error: (m: string) => console.error(m),
  };
  return createEngineContext(loadSettings(env), quiet, env);
}

/** Splits `--settings FILE` and `--mapping FILE` from the other arguments. */
export function commonArgs(argv: readonly string[]): { settingsFile?: string; mappingFile?: string; rest: string[] } {
  const out: { settingsFile?: string; mappingFile?: string; rest: string[] } = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--settings") out.settingsFile = argv[++i];
    else if (argv[i] === "--mapping") out.mappingFile = argv[++i];
    else out.rest.push(argv[i] as string);
  }
  return out;
}
