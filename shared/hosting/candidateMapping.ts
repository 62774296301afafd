import type { HttpRequest } from "@azure/functions";
import type { UserMapping } from "../mapping/AttributeMapping";
import { parseMappingConfig } from "../mapping/config/parseMappingConfig";
import { readBoundedText } from "./readBoundedText";

/**
 * The candidate user mapping a POST carries in its body (a mapping file, YAML or JSON by content type or shape), or
 * undefined for other methods. Throws MappingFileError (naming the field and the problem) when the body is not valid,
 * RequestBodyTooLargeError when it is over 256 KB.
 */
export async function candidateMapping(request: HttpRequest): Promise<UserMapping | undefined> {
  if (request.method !== "POST") return undefined;
  const text = await readBoundedText(request);
  const json = (request.headers.get("content-type") ?? "").includes("json") || text.trimStart().startsWith("{");
  return parseMappingConfig(text, json ? "json" : "yaml", "request body").users;
}
