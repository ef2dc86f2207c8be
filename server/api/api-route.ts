import "server-only";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { AppError, type AppErrorCode } from "@/server/errors";
import { describeIssue } from "@/lib/api/errors";
import { apiError, type ApiFamily } from "@/server/api/api-error";
import { authenticateApi, type ApiAudience, type ApiPrincipal } from "@/server/api/authenticate";
import { readOptionalJson } from "@/server/api/read-json";

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = (req: NextRequest, ctx: RouteContext) => Response | Promise<Response>;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

const STATUS: Record<AppErrorCode, number> = { NOT_FOUND: 404, INVALID_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, CONFLICT: 409, RATE_LIMITED: 429 };

/** An expected refusal (AppError, matched by name: Next may load two copies) as its HTTP status; else null. */
export function appErrorStatus(e: unknown): { status: number; message: string } | null {
  if (!(e instanceof AppError || (e as Error)?.name === "AppError")) return null;
  const err = e as AppError;
  return { status: STATUS[err.code] ?? 400, message: err.userMessage };
}
const uuid = z.uuid();

export type ApiRouteSpec<P extends string, Q> = {
  family: ApiFamily;
  audience: ApiAudience;
  /** Path parameters, each a UUID; a malformed one is "<Entity> not found" (404), as a missing one. */
  params?: Record<P, string>;
  /** Query parameters, validated; a failure is a 400 with the first issue. */
  query?: z.ZodType<Q>;
  /** The 500 body's message (seed 001 fixes its wording); the cause is logged, never sent. */
  failure: string;
  handle: (ctx: { req: NextRequest; principal: ApiPrincipal; actor: Actor; params: Record<P, string>; query: Q }) => Promise<Response>;
};

/**
 * One REST route: authenticate (every request, inside the handler), validate path and query,
 * bound and check any body, run the server operation, and answer every failure in the route
 * family's error shape. Expected refusals are AppErrors; anything else is logged and becomes a
 * 500 with a fixed message.
 */
export function apiRoute<P extends string = never, Q = Record<string, never>>(spec: ApiRouteSpec<P, Q>): RouteHandler {
  return async (req, ctx) => {
    try {
      const auth = await authenticateApi(req, spec.audience);
      if (!auth.ok) return apiError(spec.family, auth.status, auth.message, auth.headers);

      const raw = await ctx.params;
      const params = {} as Record<P, string>;
      for (const [name, entity] of Object.entries(spec.params ?? {}) as [P, string][]) {
        const value = raw[name];
        if (typeof value !== "string" || !uuid.safeParse(value).success) return apiError(spec.family, 404, `${entity} not found`);
        params[name] = value.toLowerCase();
      }

      let query = {} as Q;
      if (spec.query) {
        const parsed = spec.query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
        if (!parsed.success) return apiError(spec.family, 400, describeIssue(parsed.error, "query"));
        query = parsed.data;
      }

      if (req.method !== "GET" && req.method !== "HEAD") {
        const body = await readOptionalJson(req);
        if (!body.ok) return apiError(spec.family, body.problem.status, body.problem.message);
      }

      return await spec.handle({ req, principal: auth.principal, actor: auth.actor, params, query });
    } catch (e) {
      const refusal = appErrorStatus(e);
      if (refusal) return apiError(spec.family, refusal.status, refusal.message);
      console.error(`[api] ${req.method} ${req.nextUrl.pathname}:`, e);
      return apiError(spec.family, 500, spec.failure);
    }
  };
}

/**
 * Every HTTP method of a route file: the given handlers, a JSON 405 (with Allow) for the rest —
 * Next's own 405 has no body — and an OPTIONS that names only the methods really served (Next's
 * would list every exported one). HEAD follows GET (Next derives it).
 * `export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods(…)`.
 */
export function apiMethods(family: ApiFamily, handlers: Partial<Record<Method, RouteHandler>>): Record<Method | "OPTIONS", RouteHandler> {
  const served = METHODS.filter((m) => handlers[m]);
  const allow = [...served, ...(handlers.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const notAllowed: RouteHandler = async (req) => apiError(family, 405, `${req.method} is not allowed here; use ${served.join(", ")}.`, { Allow: allow });
  const options: RouteHandler = () => new Response(null, { status: 204, headers: { Allow: allow } });
  return { ...(Object.fromEntries(METHODS.map((m) => [m, handlers[m] ?? notAllowed])) as Record<Method, RouteHandler>), OPTIONS: options };
}
