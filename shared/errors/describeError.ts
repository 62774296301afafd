import { isProvisioningError } from "./isProvisioningError";

/** A short, secret-free description of any thrown value for logs and activity records. */
export function describeError(e: unknown): { code: string; message: string } {
  if (isProvisioningError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name || "Error", message: e.message };
  return { code: "Error", message: String(e) };
}
