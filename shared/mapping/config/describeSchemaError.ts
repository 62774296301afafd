import type { ErrorObject } from "ajv";

/** A JSON pointer (/users/attributes/3/source) as a field path (users.attributes[3].source); "" is the top level. */
export function fieldPath(pointer: string): string {
  if (pointer === "") return "(top level)";
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  }
  return out;
}

function typeOf(data: unknown): string {
  if (data === null) return "null";
  if (Array.isArray(data)) return "a list";
  if (typeof data === "object") return "an object";
  return `${typeof data} ${JSON.stringify(data)}`;
}

/** One ajv error as a sentence that names the field and says what is wrong. */
export function describeSchemaError(e: ErrorObject): string {
  const path = fieldPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${path}: the field "${String(p.missingProperty)}" is missing.`;
    case "additionalProperties": {
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${path}: unknown field "${String(p.additionalProperty)}"${allowed.length > 0 ? `; allowed fields: ${allowed.join(", ")}` : ""}.`;
    }
    case "enum":
      return `${path}: ${JSON.stringify(e.data)} is not allowed; use one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}.`;
    case "const":
      return `${path}: must be ${JSON.stringify(p.allowedValue)}, not ${JSON.stringify(e.data)}.`;
    case "type":
      return `${path}: must be ${String(p.type) === "object" ? "an object" : String(p.type) === "array" ? "a list" : `a ${String(p.type)}`}, not ${typeOf(e.data)}.`;
    case "minItems":
      return `${path}: must list at least ${String(p.limit)} item${p.limit === 1 ? "" : "s"}.`;
    case "minLength":
      return `${path}: must not be empty.`;
    case "maxLength":
      return `${path}: is longer than ${String(p.limit)} characters.`;
    case "minimum":
      return `${path}: must be at least ${String(p.limit)}, not ${JSON.stringify(e.data)}.`;
    case "minProperties":
      return `${path}: must not be empty.`;
    case "dependentRequired":
      return `${path}: "${String(p.property)}" needs "${String(p.missingProperty)}".`;
    default:
      return `${path}: ${e.message ?? "is invalid"}.`;
  }
}
