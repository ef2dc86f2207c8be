import "server-only";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { classify } from "@/server/errors";
import { describeIssue, type ApiFamily } from "@/lib/api/errors";
import { apiError, type ApiRequest, type ApiResponse } from "@/server/api/http";
import { authenticateApi, type ApiAudience, type ApiPrincipal } from "@/server/api/authenticate";
import { readJson, readOptionalJson } from "@/server/api/read-json";
import { logger } from "@/server/observability/logger";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** The public API's base path (the OpenAPI document's server URL). */
export const API_BASE = "/api/v1";

/** How the OpenAPI document describes a route (absent: an internal route, not documented). */
export type RouteDoc = {
  operationId: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  /** OpenAPI security requirements: `[{ bearerAuth: [] }, …]` (any one of them). */
  security: readonly Partial<Record<"bearerAuth" | "basicAuth" | "sessionCookie", readonly never[]>>[];
  /** Path parameters' descriptions (each is a UUID). */
  params?: Record<string, string>;
  /** The success response(s); error statuses are listed in `errors`, with the family's body. */
  responses: Record<number, { description: string; schema?: z.ZodType; example?: unknown }>;
  errors: readonly number[];
};

/** `P`: the names of the route's path parameters (its `params`), each present and a lower-case UUID. */
export type RouteContext<Q, B, P extends string = never> = {
  req: ApiRequest;
  principal: ApiPrincipal | null;
  actor: Actor;
  params: Record<P, string>;
  query: Q;
  body: B;
};

export type ApiRoute<Q = Record<string, never>, B = undefined, P extends string = never> = {
  method: Method;
  /** From the site's root, parameters in braces: "/api/v1/settings/devices/{deviceId}". */
  path: string;
  family: ApiFamily;
  audience: ApiAudience;
  /** Whether the dashboard's session cookie (same-origin, `user` audience) may also change things. */
  sessionCookie?: "read-write";
  /** Path parameters, name → entity; each must be a UUID: a malformed one is "<Entity> not found" (404), as a missing one. */
  params?: Record<P, string>;
  /** Query parameters, validated; a failure is a 400 with the first issue. */
  query?: z.ZodType<Q>;
  /** A required JSON body, validated (415 if not JSON, 400 with the first issue). Without it, any body must be empty or JSON. */
  body?: z.ZodType<B>;
  /** The 500 body's message (Flashback fixes its wording); the cause is logged, never sent. */
  failure: string;
  doc?: RouteDoc;
  // Method syntax: the registry holds routes of every query and body type as AnyRoute.
  handle(ctx: RouteContext<Q, B, P>): Promise<ApiResponse>;
};

/** A route without its type parameters; `defineRoute` checks each one where it is written. */
export type AnyRoute = ApiRoute<unknown, unknown, string>;
export const defineRoute = <Q = Record<string, never>, B = undefined, P extends string = never>(route: ApiRoute<Q, B, P>): AnyRoute =>
  route;

const uuid = z.uuid();

/**
 * Runs one route: authenticate (every request, inside the route), validate path, query and body,
 * run the server operation, and answer every failure in the route family's error shape, as
 * classify (server/errors.ts) reads it: a refusal at its status; an unreachable database a 503 with
 * Retry-After (clients retry; it recovers by itself); anything else is logged and becomes a 500
 * with a fixed message.
 */
export async function runRoute(route: AnyRoute, req: ApiRequest, rawParams: Record<string, string>): Promise<ApiResponse> {
  const { family } = route;
  try {
    const auth = await authenticateApi(req, route.audience, { sessionCookie: route.sessionCookie });
    if (!auth.ok) return apiError(family, auth.status, auth.message, auth.headers);

    const params: Record<string, string> = {};
    for (const [name, entity] of Object.entries(route.params ?? {})) {
      const value = rawParams[name];
      if (value === undefined || !uuid.safeParse(value).success) return apiError(family, 404, `${entity} not found`);
      params[name] = value.toLowerCase();
    }

    let query: unknown = {};
    if (route.query) {
      const parsed = route.query.safeParse(Object.fromEntries(req.query));
      if (!parsed.success) return apiError(family, 400, describeIssue(parsed.error, "query"));
      query = parsed.data;
    }

    let body: unknown;
    if (route.body) {
      const read = await readJson(req);
      if (!read.ok) return apiError(family, read.problem.status, read.problem.message);
      const parsed = route.body.safeParse(read.body);
      if (!parsed.success) return apiError(family, 400, describeIssue(parsed.error));
      body = parsed.data;
    } else if (req.method !== "GET" && req.method !== "HEAD") {
      const read = await readOptionalJson(req);
      if (!read.ok) return apiError(family, read.problem.status, read.problem.message);
    }

    return await route.handle({ req, principal: auth.principal, actor: auth.actor, params, query, body });
  } catch (e) {
    const failure = classify(e);
    if (failure.kind === "refusal") return apiError(family, failure.status, failure.message);
    if (failure.kind === "unavailable") {
      logger.warn(
        { reqId: req.headers["x-request-id"], method: req.method, path: req.path },
        `api: database unavailable (${(e as Error).message?.slice(0, 120)})`,
      );
      return apiError(family, 503, "The service is briefly unavailable; retry in a few seconds.", {
        "Retry-After": String(failure.retryAfterSeconds),
      });
    }
    logger.error({ err: e, reqId: req.headers["x-request-id"], method: req.method, path: req.path }, "api: route failed");
    return apiError(family, 500, route.failure);
  }
}
