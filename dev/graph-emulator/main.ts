/**
 * Runs the Graph emulator on its own, loaded with the demo directory:
 *   node dist/dev/graph-emulator/main.js [--port 7101] [--empty] [--seed N] [--page-size N] [--throttling]
 * Prints the settings the app needs, then serves until interrupted.
 */
import { buildDemoDirectory, loadDemoDirectory } from "../seed";
import { startGraphEmulator } from "./startGraphEmulator";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const emu = await startGraphEmulator({
    port: Number(arg("--port") ?? 0),
    deltaPageSize: arg("--page-size") ? Number(arg("--page-size")) : undefined,
    throttling: process.argv.includes("--throttling"),
  });
  if (!process.argv.includes("--empty")) {
    await loadDemoDirectory(emu.directory, buildDemoDirectory(arg("--seed") ? Number(arg("--seed")) : undefined));
  }
  const stats = emu.directory.stats();
  console.log(`Graph emulator listening on ${emu.url} (${stats.users} users, ${stats.assignments} assignments)`);
  console.log(`GRAPH_BASE_URL=${emu.url}`);
  console.log(`GRAPH_AUTHORITY_HOST=${emu.authorityHost}`);
  console.log(`GRAPH_TENANT_ID=${emu.tenantId}`);
  console.log(`GRAPH_CLIENT_ID=${emu.clientId}`);
  console.log(`GRAPH_CLIENT_SECRET=${emu.clientSecret}`);
  console.log(`ENTRA_SERVICE_PRINCIPAL_ID=${emu.servicePrincipalId}`);
  const stop = (): void => {
    void emu.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
