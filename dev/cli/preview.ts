/**
 * `npm run preview -- <user> [--mapping FILE] [--settings FILE]` — shows what the engine would do for one Entra user
 * (object id or UPN): the scope decision, the mapped values, the pre-flight validation, and the SCIM create body or PATCH
 * operations. It reads Graph and the job's state and writes nothing. `--mapping` evaluates a candidate mapping file
 * instead of the one in force, so a mapping can be tried before it is deployed.
 *
 * Settings come from FILE (local.settings.json format), else from `.local/stack.settings.json` (written by `npm start`
 * for the running local stack), else from the environment.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSettings } from "../../shared/config/Settings";
import { previewUser } from "../../shared/engine/previewUser";
import { describeError } from "../../shared/errors";
import { loadMappingFile } from "../../shared/mapping/config/loadMappingFile";
import { createEngineContext } from "../../shared/runtime/createEngineContext";
import { STACK_SETTINGS_FILE } from "./stackSettingsFile";

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let settingsFile: string | undefined;
  let mappingFile: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--settings") settingsFile = argv[++i];
    else if (argv[i] === "--mapping") mappingFile = argv[++i];
    else rest.push(argv[i] as string);
  }
  const user = rest[0];
  if (!user) {
    console.error("Usage: npm run preview -- <object id or UPN> [--mapping FILE] [--settings FILE]");
    return 2;
  }
  const file = settingsFile ?? (existsSync(join(process.cwd(), STACK_SETTINGS_FILE)) ? STACK_SETTINGS_FILE : undefined);
  const env = file
    ? { ...process.env, ...(JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, string> }).Values }
    : process.env;
  const quiet = {
    info: () => undefined,
    warn: (m: string) => console.error(m),
    error: (m: string) => console.error(m),
  };
  const ctx = createEngineContext(loadSettings(env), quiet, env);
  const candidate = mappingFile ? (await loadMappingFile(mappingFile)).users : undefined;
  const preview = await previewUser(ctx, user, candidate);
  console.log(JSON.stringify(preview, null, 2));
  return preview.found ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const { code, message } = describeError(e);
    console.error(`${code}: ${message}`);
    process.exit(1);
  },
);
