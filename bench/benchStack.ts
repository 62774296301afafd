/** The local stack a bench row runs on: the seeded tenant, the extra hosts, and the meters on their processes. */
import { HostProcess } from "../dev/stack/HostProcess";
import type { LocalStack } from "../dev/stack/startLocalStack";
import { startLocalStack } from "../dev/stack/startLocalStack";
import type { CycleProbe } from "./cycle";
import { cycleProbe } from "./cycle";
import { PeakRssSampler, cpuSeconds, machineBusySeconds } from "./processSampler";
import type { BenchTenant } from "./seedTenant";
import { seedTenant } from "./seedTenant";

export interface BenchStack {
  stack: LocalStack;
  tenant: BenchTenant;
  /** Every host: the stack's own first, then the extra instances. */
  hosts: HostProcess[];
  /** The app's job row and backlog, read directly (see cycle.ts). */
  probe: CycleProbe;
  /** Peak resident set of the stack's own host. */
  rss: PeakRssSampler | undefined;
  /** CPU seconds used so far by the hosts, Azurite, and this process (both emulators and the bench). */
  cpu(): CpuSnapshot;
  stop(): Promise<void>;
}

export interface CpuSnapshot {
  hosts: number;
  azurite: number;
  emulators: number;
  /** Busy CPU seconds of the whole machine: what is left after the three above is other people's work. */
  machine: number;
}

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  return {
    hosts: after.hosts - before.hosts,
    azurite: after.azurite - before.azurite,
    emulators: after.emulators - before.emulators,
    machine: after.machine - before.machine,
  };
}

/** App settings of a bench run: our ceilings at Slack's org-wide limits, or out of the way with the limits off. */
export function benchSettings(slackLimits: boolean): Record<string, string> {
  return slackLimits
    ? { SLACK_MAX_WRITES_PER_MINUTE: "600", SLACK_MAX_READS_PER_MINUTE: "1000" }
    : { SLACK_MAX_WRITES_PER_MINUTE: "100000", SLACK_MAX_READS_PER_MINUTE: "100000" };
}

export async function startBenchStack(options: {
  size: number;
  slackLimits: boolean;
  instances: number;
  onHostLine?: (line: string, stream: "stdout" | "stderr") => void;
}): Promise<BenchStack> {
  let tenant: BenchTenant | undefined;
  const stack = await startLocalStack({
    slackRateLimits: options.slackLimits ? "slack" : "off",
    enableTimers: false,
    deltaPageSize: 200,
    // In-memory Azurite holds every row, record and message in its heap (about 1.5 GB after 10,000 users): past that
    // size Node's default limit (about 4 GB here) is not enough.
    ...(options.size > 10_000 ? { azuriteHeapMb: 16_384 } : {}),
    settings: benchSettings(options.slackLimits),
    ...(options.onHostLine ? { onHostLine: options.onHostLine } : {}),
    seed: (graph) => {
      tenant = seedTenant(graph.directory, options.size);
    },
  });
  const hosts: HostProcess[] = [stack.host];
  try {
    for (let i = 1; i < options.instances; i++) {
      const host = new HostProcess({
        env: stack.settings,
        ...(options.onHostLine ? { onLine: options.onHostLine } : {}),
      });
      hosts.push(host);
      await host.start();
    }
  } catch (e) {
    await Promise.allSettled(hosts.slice(1).map((h) => h.stop()));
    await stack.stop();
    throw e;
  }
  if (!tenant) throw new Error("The tenant was not seeded.");
  const pid = stack.host.pid;
  const rss = pid === undefined ? undefined : new PeakRssSampler(pid);
  const seconds = (p: number | undefined) => (p === undefined ? 0 : (cpuSeconds(p) ?? 0));
  return {
    stack,
    tenant,
    hosts,
    probe: cycleProbe(stack.settings),
    rss,
    cpu: () => {
      const own = process.cpuUsage();
      return {
        hosts: hosts.reduce((sum, h) => sum + seconds(h.pid), 0),
        azurite: seconds(stack.azurite.pid),
        emulators: (own.user + own.system) / 1e6,
        machine: machineBusySeconds() ?? 0,
      };
    },
    async stop() {
      rss?.stop();
      await Promise.allSettled(hosts.slice(1).map((h) => h.stop()));
      await stack.stop();
    },
  };
}
