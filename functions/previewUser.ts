import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { previewUser } from "../shared/engine/previewUser";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { candidateMapping } from "../shared/hosting/candidateMapping";
import { engine } from "../shared/runtime/engine";

/**
 * GET  /api/preview/users/{user} — what the engine would do for one user (object id or UPN) with the mapping in force:
 *      the SCIM payload or PATCH operations, the scope decision, the validation result. Writes nothing.
 * POST /api/preview/users/{user} — the same with a candidate mapping file in the body (YAML or JSON), to try a mapping
 *      before deploying it.
 */
export async function previewUserHttp(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const query = request.params.user ?? "";
    const preview = await previewUser(engine(), query, await candidateMapping(request));
    return { status: preview.found ? 200 : 404, jsonBody: preview };
  });
}

registerHttp({
  name: "previewUser",
  role: "reader",
  route: "preview/users/{user}",
  methods: ["GET", "POST"],
  handler: previewUserHttp,
});
