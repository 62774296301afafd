/**
 * Azure Functions HTTP route templates (ASP.NET style) for the local host: literal segments (case-insensitive),
 * `{param}`, optional `{param?}` (last segments only, as in ASP.NET), constraints `{id:int}` / `{id:guid}` /
 * `{name:alpha}` / `{flag:bool}` (others match any segment) and a catch-all `{*rest}`.
 */
export interface CompiledRoute {
  template: string;
  /** Matches a path below the route prefix (leading/trailing slashes ignored); returns the decoded params or undefined. */
  match(path: string): Record<string, string> | undefined;
}

const CONSTRAINTS: Record<string, string> = {
  int: "-?\\d+",
  long: "-?\\d+",
  guid: "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
  alpha: "[A-Za-z]+",
  bool: "(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])",
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const PARAM = /\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?\}/g;

export function compileRoute(template: string): CompiledRoute {
  const names: string[] = [];
  const segments = template
    .replace(/^\/+|\/+$/g, "")
    .split("/")
    .filter((s) => s.length > 0);
  let pattern = "";
  for (const segment of segments) {
    const whole = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?\}$/.exec(segment);
    if (whole) {
      const [, star, name, constraint, optional] = whole;
      names.push(name as string);
      const body = star ? ".*" : (CONSTRAINTS[constraint?.toLowerCase() ?? ""] ?? "[^/]+");
      pattern += star || optional ? `(?:/(${body}))?` : `/(${body})`;
      continue;
    }
    let part = "";
    let last = 0;
    for (const m of segment.matchAll(PARAM)) {
      part += escapeRegex(segment.slice(last, m.index));
      names.push(m[2] as string);
      const body = CONSTRAINTS[m[3]?.toLowerCase() ?? ""] ?? "[^/]+?";
      part += m[4] ? `(${body})?` : `(${body})`;
      last = m.index + m[0].length;
    }
    part += escapeRegex(segment.slice(last));
    pattern += `/${part}`;
  }
  const regex = new RegExp(`^${pattern}/?$`, "i");
  return {
    template,
    match(path: string) {
      const normalized = "/" + path.replace(/^\/+|\/+$/g, "");
      const m = regex.exec(normalized === "/" ? "" : normalized);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = m[i + 1];
        if (value !== undefined && value !== "") params[name] = safeDecode(value);
      });
      return params;
    },
  };
}
