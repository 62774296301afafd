import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The project root: the nearest directory above `from` holding package.json. */
export function findProjectRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${from}.`);
    dir = parent;
  }
}

/** Expands `{a,b}` alternatives (not nested), as in "dist/{index.js,functions/*.js}". */
function expandBraces(pattern: string): string[] {
  const m = /\{([^{}]*)\}/.exec(pattern);
  if (!m) return [pattern];
  const head = pattern.slice(0, m.index);
  const tail = pattern.slice(m.index + m[0].length);
  return (m[1] ?? "").split(",").flatMap((alt) => expandBraces(head + alt + tail));
}

function segmentRegex(segment: string): RegExp {
  const escaped = segment
    .replace(/[.+^$()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${escaped}$`);
}

function walk(dir: string, segments: string[]): string[] {
  const [segment, ...rest] = segments;
  if (segment === undefined) return [dir];
  if (!/[*?]/.test(segment)) {
    const next = join(dir, segment);
    return existsSync(next) ? walk(next, rest) : [];
  }
  const re = segmentRegex(segment);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.filter((n) => re.test(n)).flatMap((n) => walk(join(dir, n), rest));
}

/** Files matching a package.json "main" style glob (`*`, `?` within a segment, `{a,b}`), relative to `root`. */
export function expandMainGlob(root: string, pattern: string): string[] {
  const files = expandBraces(pattern).flatMap((p) =>
    walk(
      root,
      p.split("/").filter((s) => s && s !== "."),
    ),
  );
  return [...new Set(files)].filter((f) => statSync(f).isFile());
}

/** The compiled function files the Functions worker would load: package.json "main" of the project. */
export function defaultFunctionModules(root: string = findProjectRoot()): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { main?: unknown };
  const main = typeof pkg.main === "string" ? pkg.main : "dist/functions/*.js";
  return expandMainGlob(root, main);
}
