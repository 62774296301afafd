/** .NET's HttpStatusCode name of a status (as Graph's messages quote it), or the number when it has none here. */
const NAMES: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "NoContent",
  301: "MovedPermanently",
  302: "Redirect",
  307: "TemporaryRedirect",
  308: "PermanentRedirect",
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  408: "RequestTimeout",
  415: "UnsupportedMediaType",
  429: "TooManyRequests",
  500: "InternalServerError",
  501: "NotImplemented",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

export function httpStatusName(status: number): string {
  return NAMES[status] ?? String(status);
}
