import type { HttpResponseInit } from "@azure/functions";
import { errorResponse } from "./httpErrors";

/**
 * Runs the work of an operator API request and answers with what it returns; anything it throws becomes the JSON error
 * response (errorResponse), so a handler only says what it answers.
 */
export async function handleJson(work: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  try {
    return await work();
  } catch (e) {
    return errorResponse(e);
  }
}
