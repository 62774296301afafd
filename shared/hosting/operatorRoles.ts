import type { HttpRequest, HttpResponseInit } from "@azure/functions";

/** The app roles of the operator API (defined on the app registration that App Service Authentication uses). */
export const OPERATOR_ROLES = {
  /** Status, activity, preview, plan, dashboard, the held set. */
  reader: "Provisioning.Reader",
  /** Also start, full restart, pause and resume, approve and reject held removals, provision on demand. */
  operator: "Provisioning.Operator",
} as const;
export type OperatorRoleName = keyof typeof OPERATOR_ROLES;

/** The signed-in caller as App Service Authentication describes it in `x-ms-client-principal` (base64 JSON). */
export interface ClientPrincipal {
  name?: string;
  /** The caller's Entra object id (the `objectidentifier` or `oid` claim), when the token carried one. */
  id?: string;
  roles: string[];
}

const ROLE_CLAIM_TYPES = ["roles", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
const OBJECT_ID_CLAIM_TYPES = new Set(["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"]);

/**
 * Pure: the caller from the platform's `x-ms-client-principal` header; undefined when there is none, "invalid" when
 * it cannot be read.
 */
export function readClientPrincipal(header: string | null): ClientPrincipal | "invalid" | undefined {
  if (header === null || header === "") return undefined;
  if (header.length > 64 * 1024) return "invalid";
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(header, "base64").toString("utf8"));
  } catch {
    return "invalid";
  }
  if (typeof parsed !== "object" || parsed === null) return "invalid";
  const p = parsed as { claims?: unknown; role_typ?: unknown; name_typ?: unknown };
  if (!Array.isArray(p.claims)) return "invalid";
  const roleTypes = new Set([...ROLE_CLAIM_TYPES, ...(typeof p.role_typ === "string" ? [p.role_typ] : [])]);
  const nameType = typeof p.name_typ === "string" ? p.name_typ : "name";
  const roles: string[] = [];
  let name: string | undefined;
  let id: string | undefined;
  for (const c of p.claims as unknown[]) {
    const claim = c as { typ?: unknown; val?: unknown } | null;
    if (typeof claim?.typ !== "string" || typeof claim.val !== "string") continue;
    if (roleTypes.has(claim.typ)) roles.push(claim.val);
    if (claim.typ === nameType && name === undefined) name = claim.val;
    if (OBJECT_ID_CLAIM_TYPES.has(claim.typ) && id === undefined && claim.val !== "") id = claim.val;
  }
  return { ...(name ? { name } : {}), ...(id ? { id } : {}), roles };
}

/**
 * Whether the signed-in caller may use a function that needs `required` (Operator includes Reader). `trusted` says
 * whether the platform vouches for the `x-ms-client-principal` header (App Service Authentication is on, see
 * signInEnabled); when it does not, or no one signed in, the answer is 401: the sign-in routes never run for an
 * unknown caller. Resolves with the 401/403 answer that names what is missing, or undefined to go ahead.
 */
export function authorizeOperator(
  request: HttpRequest,
  required: OperatorRoleName,
  trusted: boolean,
): HttpResponseInit | undefined {
  const unauthorized = (message: string): HttpResponseInit => ({
    status: 401,
    jsonBody: { error: { code: "Unauthorized", message } },
  });
  if (!trusted) {
    return unauthorized(
      "Sign-in is not enabled on this app (App Service Authentication is off), so no caller can be identified here. " +
        "Enable it (docs/deploy-to-azure.md, operator sign-in), or call /api/automation/… with a function key.",
    );
  }
  const principal = readClientPrincipal(request.headers.get("x-ms-client-principal"));
  if (principal === undefined) return unauthorized("Sign in first: this route needs a signed-in operator.");
  if (principal === "invalid") return unauthorized("The signed-in caller could not be read.");
  const has = new Set(principal.roles);
  const allowed = has.has(OPERATOR_ROLES.operator) || (required === "reader" && has.has(OPERATOR_ROLES.reader));
  if (allowed) return undefined;
  return {
    status: 403,
    jsonBody: {
      error: {
        code: "Forbidden",
        message: `${principal.name ?? "The signed-in caller"} needs the app role ${OPERATOR_ROLES[required]} for this (ask an admin to assign it in Entra ID: Enterprise applications → the provisioning app → Users and groups).`,
      },
    },
  };
}
