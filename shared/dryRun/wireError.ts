import { ProvisioningError } from "../errors/ProvisioningError";
import { RegexBudgetExceeded } from "../regex/withRegexBudget";

/** An error as plain data, to cross a thread boundary (structured clone keeps neither its class nor its fields). */
export interface WireError {
  name: string;
  message: string;
  /** Set for a ProvisioningError. */
  code?: string;
  retryable?: boolean;
  /** Set for a RegexBudgetExceeded. */
  regex?: { pattern: string; budgetMs: number };
}

export function toWireError(e: unknown): WireError {
  if (e instanceof RegexBudgetExceeded) {
    return { name: e.name, message: e.message, code: e.code, regex: { pattern: e.pattern, budgetMs: e.budgetMs } };
  }
  if (e instanceof ProvisioningError) return { name: e.name, message: e.message, code: e.code, retryable: e.retryable };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: "Error", message: String(e) };
}

/**
 * The error to throw on this side: a RegexBudgetExceeded again (the operator API answers it 422), any other
 * ProvisioningError with its code, message and retryability, anything else as an Error with its name and message.
 */
export function fromWireError(w: WireError): Error {
  if (w.regex) return new RegexBudgetExceeded(w.regex.pattern, w.regex.budgetMs);
  if (w.code !== undefined) return new ProvisioningError(w.code, w.message, { retryable: w.retryable ?? false });
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}
