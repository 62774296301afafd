import type { Reply } from "./http";
import type { EndpointClass } from "./rateLimits";
import { ScimError } from "./ScimError";

/** How handleScim runs one resolved request. */
export interface Route {
  endpoint: EndpointClass;
  /** Resource locked for the duration of a write (Users/U… or Groups/S…). */
  lockKey?: string;
  run: (body: unknown) => Reply;
}

/** The directory operations behind one SCIM resource type. */
export interface ResourceOperations {
  list(query: URLSearchParams): unknown;
  create(body: unknown): unknown;
  get(id: string): unknown;
  replace(id: string, body: unknown): unknown;
  patch(id: string, body: unknown): unknown;
  remove(id: string): void;
}

type Operation = "list" | "create" | "getOne" | "update" | "delete";

const ENDPOINTS: Record<"Users" | "Groups", Record<Operation, EndpointClass>> = {
  Users: {
    list: "usersList",
    create: "usersCreate",
    getOne: "usersGetOne",
    update: "usersUpdate",
    delete: "usersDelete",
  },
  Groups: {
    list: "groupsList",
    create: "groupsCreate",
    getOne: "groupsGetOne",
    update: "groupsUpdate",
    delete: "groupsDelete",
  },
};

/**
 * The route of a request to /Users or /Groups (`id` undefined) or /Users/{id} or /Groups/{id}: list and create on the
 * collection, get, replace (PUT), patch and delete on one resource; writes to one resource lock it. Other methods
 * throw 405 method_not_allowed.
 */
export function resourceRoute(
  resource: "Users" | "Groups",
  ops: ResourceOperations,
  method: string,
  id: string | undefined,
  query: URLSearchParams,
): Route {
  const endpoints = ENDPOINTS[resource];
  if (id === undefined) {
    if (method === "GET") return { endpoint: endpoints.list, run: () => ({ status: 200, body: ops.list(query) }) };
    if (method === "POST") return { endpoint: endpoints.create, run: (b) => ({ status: 201, body: ops.create(b) }) };
    throw new ScimError(405, "method_not_allowed");
  }
  const lockKey = `${resource}/${id}`;
  switch (method) {
    case "GET":
      return { endpoint: endpoints.getOne, run: () => ({ status: 200, body: ops.get(id) }) };
    case "PUT":
      return { endpoint: endpoints.update, lockKey, run: (b) => ({ status: 200, body: ops.replace(id, b) }) };
    case "PATCH":
      return { endpoint: endpoints.update, lockKey, run: (b) => ({ status: 200, body: ops.patch(id, b) }) };
    case "DELETE":
      return {
        endpoint: endpoints.delete,
        lockKey,
        run: () => {
          ops.remove(id);
          return { status: 204 };
        },
      };
    default:
      throw new ScimError(405, "method_not_allowed");
  }
}
