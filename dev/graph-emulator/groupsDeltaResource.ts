import { DEFAULT_GROUP_PROPERTIES } from "./constants";
import type { DeltaResource } from "./deltaRequest";
import type { GraphRouteContext } from "./graphRoutes";
import { computeGroupsDeltaPage } from "./groupsDelta";

/**
 * GET /v1.0/groups/delta (also /groups/microsoft.graph.delta and /groups/delta()): $select (with "members" for
 * members@delta; no $select tracks the default properties and members), $expand=members as an alias, $filter by id,
 * $deltatoken=latest, Prefer: return=minimal, and the same expiry (400 syncStateNotFound) and reset (410 + Location)
 * behaviour as users/delta.
 */
export function groupsDeltaResource(ctx: GraphRouteContext): DeltaResource {
  return {
    resource: "groups",
    defaultSelect: [...DEFAULT_GROUP_PROPERTIES, "members"],
    adjustSelect: (select, q) =>
      /(^|,)\s*members\s*($|,)/i.test(q.get("$expand") ?? "") && select && !select.includes("members")
        ? [...select, "members"]
        : select,
    computePage: (window, minimal) =>
      computeGroupsDeltaPage(
        ctx.store,
        window,
        { pageSize: ctx.deltaPageSize, linksPerPage: ctx.deltaLinksPerPage },
        minimal,
      ),
  };
}
