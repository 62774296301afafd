import type { SendError } from "./SendError";

/** Answers 404 Request_ResourceNotFound for `key`, worded as Graph does. */
export function resourceNotFound(error: SendError, key: string): void {
  error(
    404,
    "Request_ResourceNotFound",
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}
