/** The options of `npm run bench`. */
export interface BenchOptions {
  /** Tenant sizes, one table row each, in the order given. */
  sizes: number[];
  /** The Slack emulator's real limits and our ceilings at Slack's own (600 writes, 1,000 reads a minute). */
  slackLimits: boolean;
  /** Hosts on the same Azurite and settings (1 = the stack's own host only). */
  instances: number;
}

export const DEFAULT_SIZES: readonly number[] = [1000];

/** "1000", "10k", "100K", "1m" → a positive integer, or undefined. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  if (!m?.[1]) return undefined;
  const factor = m[2] === "k" || m[2] === "K" ? 1000 : m[2] === "m" || m[2] === "M" ? 1_000_000 : 1;
  const n = Math.round(Number(m[1]) * factor);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * `--sizes 1000,10000` (or `--sizes=…`), `--size 100k` (repeatable), `--slack-limits`, `--instances 3`. Throws with a
 * usage message on anything else.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const sizes: number[] = [];
  let slackLimits = false;
  let instances = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${name} needs a value.\n${USAGE}`);
      i += 1;
      return next;
    };
    switch (name) {
      case "--sizes":
      case "--size":
        for (const part of value().split(",")) {
          const n = parseSize(part);
          if (n === undefined) throw new Error(`Not a tenant size: "${part}".\n${USAGE}`);
          sizes.push(n);
        }
        break;
      case "--slack-limits":
        slackLimits = true;
        break;
      case "--instances": {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1)
          throw new Error(`--instances wants a positive integer, not "${v}".\n${USAGE}`);
        instances = n;
        break;
      }
      default:
        throw new Error(`Unknown option "${arg}".\n${USAGE}`);
    }
  }
  return { sizes: sizes.length > 0 ? sizes : [...DEFAULT_SIZES], slackLimits, instances };
}

export const USAGE = [
  "usage: npm run bench -- [--sizes 1000,10000 | --size 100k] [--slack-limits] [--instances 3]",
  "  --sizes, --size   tenant sizes (k and m suffixes allowed); default 1000",
  "  --slack-limits    the Slack emulator's real limits, our ceilings at Slack's (600 writes, 1,000 reads a minute)",
  "  --instances N     N hosts on one Azurite and the same settings (429s and the aggregate write rate)",
].join("\n");
