import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { provisionGroupOnDemand } from "../shared/engine/onDemand/provisionGroupOnDemand";
import { provisionUserOnDemand } from "../shared/engine/onDemand/provisionUserOnDemand";
import { handleJson } from "../shared/hosting/handleJson";
import { onDemandResponse } from "../shared/hosting/onDemandResponse";
import { registerHttp } from "../shared/hosting/registerHttp";
import { requestedBy } from "../shared/hosting/requestedBy";
import { engine } from "../shared/runtime/engine";

/**
 * POST /api/provision/users/{user} — provision one user (object id or UPN) now, outside the cycle: import, scope,
 * match and action, under the user's lease; answers the steps, the activity record's content and the Slack exchanges.
 */
export async function provisionUserNow(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () =>
    onDemandResponse(
      await provisionUserOnDemand(engine(), request.params.user ?? "", { requestedBy: requestedBy(request) }),
    ),
  );
}

/** POST /api/provision/groups/{groupId} — provision one group now: its in-scope members first (no cap), then the group. */
export async function provisionGroupNow(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () =>
    onDemandResponse(
      await provisionGroupOnDemand(engine(), request.params.groupId ?? "", { requestedBy: requestedBy(request) }),
    ),
  );
}

registerHttp({
  name: "provisionUserNow",
  role: "operator",
  route: "provision/users/{user}",
  methods: ["POST"],
  handler: provisionUserNow,
});
registerHttp({
  name: "provisionGroupNow",
  role: "operator",
  route: "provision/groups/{groupId}",
  methods: ["POST"],
  handler: provisionGroupNow,
});
