import { randomBytes } from "node:crypto";

/**
 * A short prefix unique to one test: lower-case letters and digits, starting with a letter, so it is valid in both
 * queue names (`${prefix}-work`) and table names (`${prefix}Links`, alphanumeric only).
 */
export function uniquePrefix(label = "t"): string {
  const clean =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 12) || "t";
  const start = /^[a-z]/.test(clean) ? clean : `t${clean}`;
  return `${start}${Date.now().toString(36).slice(-5)}${randomBytes(3).toString("hex")}`;
}

/** A unique queue name (3–63 chars, lower-case letters, digits and single hyphens). */
export function uniqueQueueName(base = "q"): string {
  const clean = base
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${uniquePrefix()}-${clean || "q"}`.slice(0, 63).replace(/-$/, "");
}

/** A unique table name (3–63 alphanumerics, starting with a letter). */
export function uniqueTableName(base = "T"): string {
  return `${uniquePrefix()}${base.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 63);
}
