/**
 * Memory and CPU of a local process from /proc (Linux): the host's peak resident set, and where the CPU time of a phase
 * went (host, Azurite, this process with both emulators).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** VmHWM (peak resident set) and VmRSS from the text of /proc/<pid>/status, in kB. */
export function parseProcStatus(text: string): { hwmKb?: number; rssKb?: number } {
  const field = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s*(\\d+)\\s*kB`, "m").exec(text);
    return m?.[1] ? Number(m[1]) : undefined;
  };
  const hwmKb = field("VmHWM");
  const rssKb = field("VmRSS");
  return { ...(hwmKb !== undefined ? { hwmKb } : {}), ...(rssKb !== undefined ? { rssKb } : {}) };
}

/** User + system CPU time in clock ticks from the text of /proc/<pid>/stat (fields 14 and 15). */
export function parseProcStatTicks(text: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** Busy CPU time of the whole machine in clock ticks (all CPUs; idle and iowait left out) from the text of /proc/stat. */
export function parseProcStatBusyTicks(text: string): number | undefined {
  const m = /^cpu\s+(.*)$/m.exec(text);
  if (!m?.[1]) return undefined;
  const f = m[1].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user, nice, system, , , irq, softirq, steal] = f;
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0);
  return Number.isFinite(busy) ? busy : undefined;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used so far, or undefined where /proc is not there. */
export function cpuSeconds(pid: number): number | undefined {
  const text = read(`/proc/${pid}/stat`);
  const ticks = text === undefined ? undefined : parseProcStatTicks(text);
  return ticks === undefined ? undefined : ticks / clockTicks();
}

/** Busy CPU seconds of the whole machine so far (every process, every CPU), or undefined without /proc. */
export function machineBusySeconds(): number | undefined {
  const text = read("/proc/stat");
  const ticks = text === undefined ? undefined : parseProcStatBusyTicks(text);
  return ticks === undefined ? undefined : ticks / clockTicks();
}

/**
 * Samples a process's resident set every `intervalMs` and keeps the peak: VmHWM where the kernel reports it, else the
 * largest VmRSS seen. The last sample is taken on `stop()`, so call it before the process exits.
 */
export class PeakRssSampler {
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 500,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const text = read(`/proc/${this.pid}/status`);
    if (text === undefined) return;
    const { hwmKb, rssKb } = parseProcStatus(text);
    this.peakKb = Math.max(this.peakKb, hwmKb ?? 0, rssKb ?? 0);
  }

  /** The peak so far in MB (undefined where /proc is not there). */
  peakMb(): number | undefined {
    this.sample();
    return this.peakKb > 0 ? this.peakKb / 1024 : undefined;
  }

  stop(): number | undefined {
    clearInterval(this.timer);
    return this.peakMb();
  }
}
