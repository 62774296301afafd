import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { approveHeld, listHeld, rejectHeld } from "../shared/engine/heldRemovals";
import { handleJson } from "../shared/hosting/handleJson";
import { readBoundedText } from "../shared/hosting/readBoundedText";
import { readsOrActs, registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/** The largest request body accepted (a list of up to MAX_IDS object ids). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The most object ids one request may name. */
const MAX_IDS = 100_000;

/**
 * The deletion guard's held removals. GET /api/held lists them (the first 1000, and the counts); POST
 * /api/held/approve applies them; POST /api/held/reject discards them (each object is evaluated again in the next
 * cycle). A POST may name the objects: `{"objectIds": ["<Entra object id>", ...]}`; without a body it decides them all.
 */
export async function held(request: HttpRequest): Promise<HttpResponseInit> {
  const action = request.params.action;
  if (request.method === "GET" ? action !== undefined : action !== "approve" && action !== "reject") {
    return badRequest(404, "NotFound", "Use GET /api/held, POST /api/held/approve or POST /api/held/reject.");
  }
  return handleJson(async () => {
    const ctx = engine();
    if (request.method === "GET") {
      const state = await ctx.jobs.get(ctx.jobId);
      return { status: 200, jsonBody: { jobId: ctx.jobId, held: state.held ?? null, ...(await listHeld(ctx, 1000)) } };
    }
    const body = await readIds(request);
    if ("error" in body) return body.error;
    // Easy Auth (App Service authentication) names the signed-in caller; otherwise the record says "An operator".
    const who = request.headers.get("x-ms-client-principal-name");
    const input = {
      ...(body.objectIds ? { objectIds: body.objectIds } : {}),
      by: who ? `${who} (API)` : "An operator (API)",
    };
    const decision = action === "approve" ? await approveHeld(ctx, input) : await rejectHeld(ctx, input);
    return { status: 200, jsonBody: { jobId: ctx.jobId, action, ...decision } };
  });
}

async function readIds(request: HttpRequest): Promise<{ objectIds?: string[] } | { error: HttpResponseInit }> {
  const text = await readBoundedText(request, MAX_BODY_BYTES); // 413 beyond it (handleJson)
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: badRequest(400, "InvalidBody", 'The body must be JSON: {"objectIds": ["<id>", ...]} or empty.') };
  }
  const ids = (parsed as { objectIds?: unknown } | null)?.objectIds;
  if (ids === undefined) return {};
  if (!Array.isArray(ids) || ids.length > MAX_IDS || !ids.every((i) => typeof i === "string" && i.length > 0)) {
    return {
      error: badRequest(400, "InvalidBody", `objectIds must be a list of at most ${MAX_IDS} non-empty strings.`),
    };
  }
  return { objectIds: ids as string[] };
}

function badRequest(status: number, code: string, message: string): HttpResponseInit {
  return { status, jsonBody: { error: { code, message } } };
}

registerHttp({ name: "held", role: readsOrActs, route: "held/{action?}", methods: ["GET", "POST"], handler: held });
