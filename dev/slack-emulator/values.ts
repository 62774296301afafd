import { ScimError } from "./ScimError";

/** Small coercions shared by the request readers. Slack treats whitespace-only strings as "clear the field". */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function optionalString(v: unknown, attribute: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v !== "string") throw new ScimError(400, "invalid_attribute_format", `attribute=${attribute}`);
  return v.trim() === "" ? null : v;
}

/** Accepts real booleans and the "True"/"False" strings that Entra-style clients send. */
export function booleanValue(v: unknown, attribute: string): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "true") return true;
    if (s === "false") return false;
  }
  throw new ScimError(400, "invalid_attribute_format", `attribute=${attribute}`);
}

/** `primary` as given (true/false/"true"/"false"), or undefined when absent. */
export function primaryFlag(item: Record<string, unknown>): boolean | undefined {
  const p = item.primary;
  if (p === undefined || p === null) return undefined;
  return booleanValue(p, "primary");
}

export function lowerType(item: Record<string, unknown>): string | undefined {
  return typeof item.type === "string" ? item.type.toLowerCase() : undefined;
}

/** A multi-valued attribute given as one object or a list of objects. */
export function itemList(v: unknown, attribute: string): Record<string, unknown>[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  return list.map((item) => {
    if (!isRecord(item)) throw new ScimError(400, `${attribute}_invalid`);
    return item;
  });
}
