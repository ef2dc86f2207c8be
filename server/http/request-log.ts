import "server-only";
import crypto from "node:crypto";
import type http from "node:http";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";
import { matchPath } from "@/server/api/registry";

export const REQUEST_ID_HEADER = "x-request-id";
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The metrics label of a path: an API route's template, a page path with its ids replaced, one
 * label for Next's assets and one for anything that matched nothing — so the label set stays
 * small whatever clients request.
 */
export function routeLabel(path: string, status: number): string {
  if (status === 404) return "(unmatched)";
  if (path.startsWith("/_next/")) return "/_next/*";
  if (path.startsWith("/api/")) {
    const match = matchPath(path.split("/").slice(1).map(safeDecode));
    const route = match && [...match.methods.values()][0];
    if (route) return route.path;
  }
  if (path.startsWith("/am/")) return "/am/*";
  return path
    .split("/")
    .map((s) => (UUID.test(s) ? "{id}" : /^\d+$/.test(s) ? "{n}" : s))
    .join("/");
}
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

// Requests whose answer has not finished yet: a shutdown waits for them before closing the database.
let inFlight = 0;
const onIdle: (() => void)[] = [];

/** Resolves once every request taken so far has been answered (or its client has gone). */
export function requestsSettled(): Promise<void> {
  return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => onIdle.push(resolve));
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
  inFlight++;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    if (--inFlight === 0) for (const resolve of onIdle.splice(0)) resolve();
  };
  res.once("close", settle);
  res.once("finish", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const url = req.url ?? "/";
    const path = url.split("?")[0]!.slice(0, 512);
    const method = req.method ?? "GET";
    const status = res.statusCode;
    const route = routeLabel(path, status);
    metrics.requests.inc({ method, route, status });
    metrics.duration.observe({ method, route, status }, seconds);
    const line = { reqId: id, method, path, status, ms: Math.round(seconds * 10_000) / 10, ip: clientIp };
    if (status >= 500) logger.error(line, "request failed");
    else if (route === "/_next/*") logger.debug(line, "request");
    else logger.info(line, "request");
    settle();
  });
  return id;
}
