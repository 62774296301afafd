import type { HttpRequest, HttpResponseInit } from "@azure/functions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for the sign-in routes. A browser signed in through App Service Authentication
 * sends its session cookie with every request to the app, including a form another site makes it post. So a request
 * that changes something and rides on a cookie must also carry `X-Requested-With: XMLHttpRequest` (a page on another
 * origin cannot add that header without a CORS preflight, which this app never grants; the dashboard sends it), and
 * when the browser names its `Origin` or `Sec-Fetch-Site`, they must say the request comes from this site. A request
 * authenticated by a bearer token or a function key (automation) carries no ambient credential and is not affected.
 * Resolves with the 403 to answer, or undefined to go ahead.
 */
export function checkAmbientCsrf(request: HttpRequest): HttpResponseInit | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const refuse = (why: string): HttpResponseInit => ({
    status: 403,
    jsonBody: {
      error: { code: "CrossSiteRequestRefused", message: `${why} Use the dashboard, or an automation route.` },
    },
  });
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") {
    return refuse(`A ${fetchSite} request cannot change anything here.`);
  }
  const origin = request.headers.get("origin");
  if (origin !== null && !sameHost(origin, request.url)) {
    return refuse(`Origin "${origin}" is not this app.`);
  }
  const ambient = request.headers.get("cookie") !== null && request.headers.get("authorization") === null;
  if (ambient && (request.headers.get("x-requested-with") ?? "").toLowerCase() !== "xmlhttprequest") {
    return refuse("A request signed in by cookie must send X-Requested-With: XMLHttpRequest.");
  }
  return undefined;
}

function sameHost(origin: string, requestUrl: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === new URL(requestUrl).host.toLowerCase();
  } catch {
    return false;
  }
}
