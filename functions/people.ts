import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { parseLimit } from "../shared/hosting/parseLimit";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";
import { MAX_TERM_LENGTH } from "../shared/state/people/searchTerms";
import type { PersonHit } from "../shared/state/people/PersonHit";

/** An Entra object id: looked up exactly (a point read), besides the prefix search. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * GET /api/people?q=ada&limit=N — users and groups whose UPN, group name, mail, display name (or a word of it) starts
 * with `q` (case-insensitive; an object id is matched exactly), at most `limit` (default 20, at most 50): one bounded
 * range read of the people index. GET /api/people/{objectId} — what the dashboard's person page adds to the preview
 * and the activity: the object's attention entry and held removal, if any (point reads).
 */
export async function people(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    const objectId = request.params.objectId;
    if (objectId) {
      const [user, group, heldUser, heldGroup] = await Promise.all([
        ctx.activity.attentionOf(ctx.jobId, "User", objectId),
        ctx.activity.attentionOf(ctx.jobId, "Group", objectId),
        ctx.removals.get(ctx.jobId, "User", objectId),
        ctx.removals.get(ctx.jobId, "Group", objectId),
      ]);
      return {
        status: 200,
        jsonBody: { jobId: ctx.jobId, objectId, attention: user ?? group ?? null, held: heldUser ?? heldGroup ?? null },
      };
    }
    const q = (request.query.get("q") ?? "").trim();
    const limit = parseLimit(request.query.get("limit"), 20, 50);
    if (typeof limit !== "number" || q === "" || q.length > MAX_TERM_LENGTH) {
      const message =
        typeof limit !== "number"
          ? limit.problem
          : `q must be 1 to ${MAX_TERM_LENGTH} characters: a UPN, mail, name or object id.`;
      return { status: 400, jsonBody: { error: { code: "BadRequest", message } } };
    }
    const hits = await ctx.activity.searchPeople(ctx.jobId, q, limit);
    if (OBJECT_ID.test(q) && !hits.some((h) => h.objectId === q)) {
      const [latest] = await ctx.activity.byObject(ctx.jobId, q, 1);
      if (latest && latest.objectType !== "Job") {
        const exact: PersonHit = {
          objectType: latest.objectType,
          objectId: q,
          ...(latest.identity ? { identity: latest.identity } : {}),
          matched: q.toLowerCase(),
        };
        hits.unshift(exact);
      }
    }
    return { status: 200, jsonBody: { jobId: ctx.jobId, query: q, hits: hits.slice(0, limit) } };
  });
}

registerHttp({ name: "people", role: "reader", route: "people/{objectId?}", methods: ["GET"], handler: people });
