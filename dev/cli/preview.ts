/**
 * `npm run preview -- <user> [--mapping FILE] [--settings FILE]` — shows what the engine would do for one Entra user
 * (object id or UPN): the scope decision, the mapped values, the pre-flight validation, and the SCIM create body or PATCH
 * operations. It reads Graph and the job's state and writes nothing. `--mapping` evaluates a candidate mapping file
 * instead of the one in force, so a mapping can be tried before it is deployed.
 *
 * Settings come from FILE (local.settings.json format), else from `.local/stack.settings.json` (written by `npm start`
 * for the running local stack), else from the environment.
 */
import { previewUser } from "../../shared/engine/previewUser";
import { describeError } from "../../shared/errors";
import { loadMappingFile } from "../../shared/mapping/config/loadMappingFile";
import { commonArgs, engineFromSettings } from "./engineFromSettings";

async function main(): Promise<number> {
  const { settingsFile, mappingFile, rest } = commonArgs(process.argv.slice(2));
  const user = rest[0];
  if (!user) {
    console.error("Usage: npm run preview -- <object id or UPN> [--mapping FILE] [--settings FILE]");
    return 2;
  }
  const ctx = engineFromSettings(settingsFile);
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
