import type { HttpResponseInit } from "@azure/functions";
import { errorResponse } from "./httpErrors";

/**
 * Runs the work of an operator API request and answers with what it returns; anything it throws becomes the JSON error
 * response (errorResponse), so a handler only says what it answers. Every answer carries `X-Content-Type-Options:
 * nosniff`, so a browser never reads a JSON answer as HTML or script.
 */
export async function handleJson(work: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  let response: HttpResponseInit;
  try {
    response = await work();
  } catch (e) {
    response = errorResponse(e);
  }
  const headers = new Headers(response.headers);
  headers.set("x-content-type-options", "nosniff");
  return { ...response, headers };
}
