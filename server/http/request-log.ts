import "server-only";
import crypto from "node:crypto";
import type http from "node:http";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";

export const REQUEST_ID_HEADER = "x-request-id";
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Set on the request by the API router once it has matched a route: its path template. */
export const ROUTE_TEMPLATE = Symbol.for("devicekeeper.routeTemplate");
type Routed = http.IncomingMessage & { [ROUTE_TEMPLATE]?: string };

/**
 * The metrics label of a request: the API route's template (as the router matched it), a page
 * path with its ids replaced, one label for Next's assets and one for anything that matched
 * nothing — so the label set stays small whatever clients request.
 */
export function routeLabel(path: string, status: number, template?: string): string {
  if (template) return template;
  if (status === 404) return "(unmatched)";
  if (path.startsWith("/_next/")) return "/_next/*";
  if (path.startsWith("/am/")) return "/am/*";
  return path
    .split("/")
    .map((s) => (UUID.test(s) ? "{id}" : /^\d+$/.test(s) ? "{n}" : s))
    .join("/");
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
  res.once("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const url = req.url ?? "/";
    const path = url.split("?")[0]!.slice(0, 512);
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
