import "server-only";
import crypto from "node:crypto";
import type http from "node:http";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";

export const REQUEST_ID_HEADER = "x-request-id";
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Set by labelRoute: on every API request by the router, on /metrics by its endpoint. */
export const ROUTE_TEMPLATE = Symbol("routeTemplate");
type Routed = http.IncomingMessage & { [ROUTE_TEMPLATE]?: string };
export const UNMATCHED = "(unmatched)";

/** Names the request's route for the metrics: the API route's template (or UNMATCHED), "/metrics". */
export const labelRoute = (req: http.IncomingMessage, label: string): void => void ((req as Routed)[ROUTE_TEMPLATE] = label);

/** A path as Next resolves it (dot segments, %2e included, as the URL standard does), ids replaced. */
function pagePath(path: string): string {
  try {
    return new URL(`http://front-door${path}`).pathname
      .split("/")
      .map((s) => (UUID.test(s) ? "{id}" : /^\d+$/.test(s) ? "{n}" : s))
      .join("/");
  } catch {
    return UNMATCHED;
  }
}

/**
 * The metrics label of a request, from a set that stays small whatever clients send: the API
 * route's template as the router matched it (else UNMATCHED), one label for Next's assets and one
 * for next-auth's catch-all route (which answers any action name), and a page's path with its ids
 * replaced — only when a page was served (2xx, 304): Next answers unknown paths 404, but redirects
 * (a trailing slash, sign-in first), 400s, 405s and 500s come for any path it is sent.
 */
export function routeLabel(path: string, status: number, template?: string): string {
  if (template) return template;
  if (status === 404) return UNMATCHED;
  if (path.startsWith("/_next/")) return "/_next/*";
  if (path.startsWith("/api/auth/")) return "/api/auth/*";
  if ((status >= 200 && status < 300) || status === 304) return pagePath(path);
  return UNMATCHED;
}

/**
 * Gives the request an id (the client's X-Request-Id when well formed, else a new one), answers
 * it in X-Request-Id, and when the answer is sent logs one JSON line — method, path without its
 * query string (tokens may travel there), status, duration, client — and counts it in the metrics.
 */
export function observeRequest(req: http.IncomingMessage, res: http.ServerResponse, clientIp: string | null): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === "string" && WELL_FORMED_ID.test(given) ? given : crypto.randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader("X-Request-Id", id);
  const started = process.hrtime.bigint();
  // As the client sent it: a mounted handler (the provider under /oidc) rewrites req.url to its own path.
  const path = (req.url ?? "/").split("?")[0]!.slice(0, 512);
  res.once("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const method = req.method ?? "GET";
    const status = res.statusCode;
    const route = routeLabel(path, status, (req as Routed)[ROUTE_TEMPLATE]);
    metrics.requests.inc({ method, route, status });
    metrics.duration.observe({ method, route, status }, seconds);
    const line = { reqId: id, method, path, status, ms: Math.round(seconds * 10_000) / 10, ip: clientIp };
    if (status >= 500) logger.error(line, "request failed");
    else if (route === "/_next/*") logger.debug(line, "request");
    else logger.info(line, "request");
  });
  return id;
}
