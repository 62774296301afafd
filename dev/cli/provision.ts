/**
 * `npm run provision -- <UPN or object id> [--group] [--json] [--settings FILE]` — provision one user (or, with
 * `--group`, one group and its members) now, outside the cycle, as POST /api/provision/… does: the same lease, the
 * same decisions and the same activity record, marked as on demand. Prints the steps and the Slack requests (`--json`:
 * the whole answer). Settings as for `npm run preview`: FILE, else the running local stack's, else the environment.
 * Exit code 0 when it ran or there was nothing to do, 1 when it failed, was not found or could not run now.
 */
import { userInfo } from "node:os";
import { provisionGroupOnDemand } from "../../shared/engine/onDemand/provisionGroupOnDemand";
import { provisionUserOnDemand } from "../../shared/engine/onDemand/provisionUserOnDemand";
import { describeError } from "../../shared/errors";
import { commonArgs, engineFromSettings } from "./engineFromSettings";
import { formatOnDemand } from "./formatOnDemand";

const USAGE = "Usage: npm run provision -- <UPN or object id> [--group] [--json] [--settings FILE]";

async function main(): Promise<number> {
  const { settingsFile, rest } = commonArgs(process.argv.slice(2));
  const json = rest.includes("--json");
  const group = rest.includes("--group");
  const [target, ...extra] = rest.filter((a) => !a.startsWith("--"));
  if (!target || extra.length > 0 || rest.some((a) => a.startsWith("--") && a !== "--json" && a !== "--group")) {
    console.error(USAGE);
    return 2;
  }
  const ctx = engineFromSettings(settingsFile);
  const options = { requestedBy: `${safeUserName()} (npm run provision)` };
  const result = group
    ? await provisionGroupOnDemand(ctx, target, options)
    : await provisionUserOnDemand(ctx, target, options);
  console.log(json ? JSON.stringify(result, null, 2) : formatOnDemand(result).join("\n"));
  return result.kind === "done" && result.answer.status !== "Failure" ? 0 : 1;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "an operator";
  }
}

main().then(
  // Exit once stdout is flushed (a large --json answer into a pipe is written asynchronously).
  (code) => process.stdout.write("", () => process.exit(code)),
  (e: unknown) => {
    const { code, message } = describeError(e);
    console.error(`${code}: ${message}`);
    process.exit(1);
  },
);
