/**
 * Test helpers: parse Bicep with tree-sitter-bicep (syntax only, no type checking) and read the few structures the
 * infra tests assert on. The grammar cannot parse `extension …` lines, so those are blanked (same length) first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import Parser from "tree-sitter";
import Bicep from "tree-sitter-bicep";

export type SyntaxNode = Parser.SyntaxNode;

const language = Bicep as unknown as Parser.Language;
const parser = new Parser();
parser.setLanguage(language);

/** The repository root: the nearest ancestor of this file (or else of the working directory) with package.json and infra/. */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "infra"))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`No repository root above ${__dirname} or ${process.cwd()}`);
}

export const infraDir = (): string => join(repoRoot(), "infra");

/** Every file under infra/ whose name ends with `suffix`, as absolute paths, sorted. */
export function infraFiles(suffix: string, dir = infraDir()): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...infraFiles(suffix, p));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

export interface BicepFile {
  path: string;
  /** Path relative to the repository root, for messages. */
  name: string;
  source: string;
  root: SyntaxNode;
}

/** Blanks `extension …` / `provider …` statements, which tree-sitter-bicep 1.1.0 does not know. */
export function blankExtensionLines(source: string): string {
  return source.replace(
    /^[ \t]*(extension|provider)\b.*$/gm,
    (line) => `//${" ".repeat(Math.max(0, line.length - 2))}`,
  );
}

export function parseSource(source: string): SyntaxNode {
  return parser.parse(blankExtensionLines(source)).rootNode;
}

export function parseBicep(path: string): BicepFile {
  const source = readFileSync(path, "utf8");
  return { path, name: relative(repoRoot(), path), source, root: parseSource(source) };
}

/** ERROR and MISSING nodes, as `ERROR at line:column` (1-based) with a snippet. */
export function syntaxProblems(root: SyntaxNode): string[] {
  const out: string[] = [];
  const visit = (n: SyntaxNode): void => {
    if (n.type === "ERROR" || n.isMissing) {
      const where = `${n.startPosition.row + 1}:${n.startPosition.column + 1}`;
      out.push(`${n.isMissing ? `MISSING ${n.type}` : "ERROR"} at ${where}: ${JSON.stringify(n.text.slice(0, 60))}`);
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  if (root.hasError && out.length === 0) out.push("the tree reports an error but no ERROR/MISSING node was found");
  return out;
}

/** Captures of a tree-sitter query, by capture name. */
export function captures(root: SyntaxNode, pattern: string): { name: string; node: SyntaxNode }[] {
  return new Parser.Query(language, pattern).captures(root).map((c) => ({ name: c.name, node: c.node }));
}

/** Value of a plain string literal ('abc'), or undefined when the node is not one or is interpolated. */
export function literal(node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.type !== "string") return undefined;
  if (node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  const t = node.text;
  return t.startsWith("'''") ? t.slice(3, -3) : t.slice(1, -1).replace(/\\'/g, "'").replace(/\\\\/g, "\\");
}

/** The key of an object_property. */
export function propertyKey(prop: SyntaxNode): string | undefined {
  const key = prop.namedChildren[0];
  if (!key) return undefined;
  return key.type === "string" ? literal(key) : key.text;
}

/** The value node of an object_property (the last named child; comments excluded). */
export function propertyValue(prop: SyntaxNode): SyntaxNode | undefined {
  const named = prop.namedChildren.filter((c) => c.type !== "comment");
  return named.length > 1 ? named[named.length - 1] : undefined;
}

/** Direct properties of an object node, by key. */
export function objectProperties(obj: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const c of obj.namedChildren) {
    if (c.type !== "object_property") continue;
    const k = propertyKey(c);
    const v = propertyValue(c);
    if (k !== undefined && v) out.set(k, v);
  }
  return out;
}

/** Every object_property anywhere under `node` whose key matches, with its value node. */
export function findProperties(node: SyntaxNode, key: string | RegExp): { key: string; value: SyntaxNode }[] {
  return node
    .descendantsOfType("object_property")
    .map((p) => ({ key: propertyKey(p) ?? "", value: propertyValue(p) }))
    .filter(
      (p): p is { key: string; value: SyntaxNode } =>
        p.value !== undefined && (typeof key === "string" ? p.key === key : key.test(p.key)),
    );
}

export interface Declaration {
  kind: "param" | "var" | "resource" | "module" | "output";
  name: string;
  node: SyntaxNode;
  /** Text of the decorators right before the declaration ('' when none). */
  decorators: string;
}

const DECLARATION_TYPES: Record<string, Declaration["kind"]> = {
  parameter_declaration: "param",
  variable_declaration: "var",
  resource_declaration: "resource",
  module_declaration: "module",
  output_declaration: "output",
};

export function declarations(root: SyntaxNode, kind?: Declaration["kind"]): Declaration[] {
  const out: Declaration[] = [];
  for (const n of root.namedChildren) {
    const k = DECLARATION_TYPES[n.type];
    if (!k || (kind && k !== kind)) continue;
    const name = n.namedChildren.find((c) => c.type === "identifier")?.text ?? "";
    const prev = n.previousNamedSibling;
    out.push({ kind: k, name, node: n, decorators: prev?.type === "decorators" ? prev.text : "" });
  }
  return out;
}

/** The body object of a resource/module declaration (also through `for` and `if`). */
export function declarationBody(decl: SyntaxNode): SyntaxNode | undefined {
  const direct = decl.namedChildren.find((c) => c.type === "object");
  if (direct) return direct;
  for (const c of decl.namedChildren) {
    const inner = c.descendantsOfType("object")[0];
    if (c.type !== "string" && inner) return inner;
  }
  return undefined;
}

/** Resource declarations whose type string starts with `typePrefix` (e.g. 'Microsoft.Web/sites@'). */
export function resourcesOfType(file: BicepFile, typePrefix: string): Declaration[] {
  return declarations(file.root, "resource").filter((d) => {
    const type = literal(d.node.namedChildren.find((c) => c.type === "string"));
    return type?.startsWith(typePrefix) ?? false;
  });
}

/** The string values of a `var name = [ … ]` array of literals. */
export function stringArrayVariable(file: BicepFile, name: string): string[] {
  const decl = declarations(file.root, "var").find((d) => d.name === name);
  const array = decl?.node.namedChildren.find((c) => c.type === "array");
  if (!array) throw new Error(`${file.name}: no array variable ${name}`);
  return array.namedChildren.filter((c) => c.type === "string").map((c) => literal(c) ?? c.text);
}
