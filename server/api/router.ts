import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiError, type ApiRequest, type ApiResponse } from "@/server/api/http";
import { familyOfPath, matchPath, pingAliasOf } from "@/server/api/registry";
import { runRoute, type Method } from "@/server/api/route";
import { API_CSP } from "@/server/http/security-headers";
import { logger } from "@/server/observability/logger";
import { labelRoute, UNMATCHED } from "@/server/http/request-log";

/*
 * The REST API's front door: `/api/**` (but next-auth's /api/auth and the sign-in steps under
 * /api/sign-in) and Ping's `/am/**`, served straight from node:http without Next's request
 * pipeline. Routes come from the registry; this file only turns a request into a route call and
 * answers what no route can: unsupported methods, unroutable paths, 404, 405, OPTIONS, HEAD.
 */

const SUPPORTED = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const MAX_PATH = 2048;
const MAX_SEGMENT = 255;
/** The front door sets the headers common to every answer (COMMON_SECURITY_HEADERS); JSON gets its own CSP. */
const API_HEADERS = { "Content-Security-Policy": API_CSP };

/** Whether the API router, not Next, serves this path. */
export function isApiPath(url: string): boolean {
  if (url.startsWith("/am/")) return true;
  if (!url.startsWith("/api/")) return false;
  return !(url.startsWith("/api/auth/") || url.startsWith("/api/sign-in/"));
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        req.resume(); // discard the rest, unbuffered
        resolve(null);
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(size > maxBytes ? null : Buffer.concat(chunks)));
    // A client that hangs up mid-body gets no answer anyway; don't leave the route waiting.
    req.once("close", () => resolve(null));
    req.once("error", reject);
  });
}

function send(res: ServerResponse, answer: ApiResponse, head: boolean): void {
  const headers: Record<string, string | string[]> = { ...API_HEADERS, ...answer.headers };
  if (answer.body !== undefined) {
    headers["Content-Type"] ??= "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(answer.body));
  }
  res.writeHead(answer.status, headers);
  res.end(head ? undefined : answer.body);
}

async function route(req: IncomingMessage): Promise<ApiResponse> {
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const search = q < 0 ? "" : url.slice(q + 1);

  if (!SUPPORTED.includes(method)) return apiError(familyOfPath(path), 405, `${method} is not supported.`, { Allow: SUPPORTED.join(", ") });
  const raw = path.split("/").slice(1);
  if (path.length > MAX_PATH || raw.some((s) => s.length > MAX_SEGMENT)) return apiError(familyOfPath(path), 414, "The path is too long.");
  if (path.length > 1 && path.endsWith("/"))
    return { status: 308, headers: { Location: path.replace(/\/+$/, "") + (q < 0 ? "" : `?${search}`) } };

  let segments: string[];
  try {
    segments = raw.map(decodeURIComponent);
  } catch {
    return apiError(familyOfPath(path), 400, "The path is not valid percent-encoded UTF-8.");
  }
  if (segments[0] === "am") {
    const canonical = pingAliasOf(segments);
    if (!canonical) return apiError("ping", 404, "No API route matches this path.");
    segments = canonical;
  }
  const match = matchPath(segments);
  if (!match) return apiError(familyOfPath(path), 404, "No API route matches this path.");

  const served = [...match.methods.keys()];
  const allow = [...served, ...(match.methods.has("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  if (method === "OPTIONS") return { status: 204, headers: { Allow: allow } };
  const found = match.methods.get((method === "HEAD" ? "GET" : method) as Method);
  // The metrics label (server/http/request-log.ts): the route as matched, not matched again.
  labelRoute(req, [...match.methods.values()][0]!.path);
  if (!found) return apiError(match.family, 405, `${method} is not allowed here; use ${served.join(", ")}.`, { Allow: allow });

  const apiRequest: ApiRequest = {
    method,
    path,
    query: new URLSearchParams(search),
    headers: req.headers,
    readBody: (max) => readBody(req, max),
  };
  return runRoute(found, apiRequest, match.params);
}

/** Answers one API request (the route does its own authentication, validation and error mapping). */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // The metrics label: never the raw path (a route that matches replaces it with its template).
  labelRoute(req, UNMATCHED);
  let answer: ApiResponse;
  try {
    answer = await route(req);
  } catch (e) {
    logger.error(
      { err: e, reqId: req.headers["x-request-id"], method: req.method, path: req.url?.split("?")[0]?.slice(0, 200) },
      "api: route failed",
    );
    answer = apiError(familyOfPath(req.url ?? "/"), 500, "The request failed.");
  }
  send(res, answer, req.method === "HEAD");
}
