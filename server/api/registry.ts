import "server-only";
import type { ApiFamily } from "@/lib/api/errors";
import { API_BASE, type AnyRoute, type Method } from "@/server/api/route";
import { buildOpenApiDocument, type OpenApiDocument } from "@/server/api/openapi";
import { settingsDevicesRoutes } from "@/server/api/routes/settings-devices";
import { untrustDeviceRoutes } from "@/server/api/routes/untrust-device";
import { serverDevicesRoutes } from "@/server/api/routes/server-devices";
import { ping2faRoutes } from "@/server/api/routes/ping-2fa";
import { mobileAuthenticatorRoutes } from "@/server/api/routes/mobile-authenticators";
import { dashboardRoutes } from "@/server/api/routes/dashboard";
import { openApiRoutes } from "@/server/api/routes/openapi-document";
import { webhookRoutes } from "@/server/api/routes/webhooks";
import { appRoutes } from "@/server/api/routes/apps";

/**
 * Every REST route, in one list: method, path, family, audience, params, query, body, responses
 * and operation live in each route's definition (server/api/routes/). The router, the OpenAPI
 * document, the error family of any path and Ping's path alias are all derived from this list.
 */
export const API_ROUTES: readonly AnyRoute[] = [
  ...settingsDevicesRoutes,
  ...untrustDeviceRoutes,
  ...serverDevicesRoutes,
  ...ping2faRoutes,
  ...mobileAuthenticatorRoutes,
  ...webhookRoutes,
  ...appRoutes,
  ...openApiRoutes(() => openApiDocument()),
  ...dashboardRoutes,
];

let document: OpenApiDocument | null = null;
/** The OpenAPI document of every route above (built once), served at /api/v1/openapi.json and drawn at /docs/api. */
export const openApiDocument = (): OpenApiDocument => (document ??= buildOpenApiDocument(API_ROUTES));

type Compiled = { segments: string[]; methods: Map<Method, AnyRoute>; family: ApiFamily };
const compiled: Compiled[] = [];
for (const route of API_ROUTES) {
  const segments = route.path.split("/").slice(1);
  let entry = compiled.find((c) => c.segments.join("/") === segments.join("/"));
  if (!entry) compiled.push((entry = { segments, methods: new Map(), family: route.family }));
  if (entry.methods.has(route.method)) throw new Error(`Two routes for ${route.method} ${route.path}`);
  entry.methods.set(route.method, route);
}

const isParam = (segment: string) => segment.startsWith("{");

/** The routes at a path (one per method) and the path's parameters, or null. Segments arrive decoded. */
export function matchPath(
  segments: string[],
): { methods: Map<Method, AnyRoute>; params: Record<string, string>; family: ApiFamily } | null {
  outer: for (const c of compiled) {
    if (c.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const pattern = c.segments[i]!;
      if (isParam(pattern)) params[pattern.slice(1, -1)] = segments[i]!;
      else if (pattern !== segments[i]) continue outer;
    }
    return { methods: c.methods, params, family: c.family };
  }
  return null;
}

/**
 * Which family answers an error on a path no route matches (or before routing): the family of
 * the route that shares the longest prefix with it, literal segments counting over parameters.
 * Ping's own paths (/am/…) are Ping's.
 */
export function familyOfPath(path: string): ApiFamily {
  if (path.startsWith("/am/")) return "ping";
  const segments = path.split("/").slice(1);
  let best: { score: number; family: ApiFamily } = { score: 0, family: path.startsWith(`${API_BASE}/`) ? "authsignal" : "devicekeeper" };
  for (const c of compiled) {
    let score = 0;
    for (let i = 0; i < Math.min(c.segments.length, segments.length); i++) {
      const pattern = c.segments[i]!;
      if (pattern === segments[i]) score += 2;
      else if (isParam(pattern) && segments[i]) score += 1;
      else break;
    }
    // Past the shared /api/v1 prefix (4 points) a route says something about the path.
    if (score > 4 && score > best.score) best = { score, family: c.family };
  }
  return best.family;
}

/**
 * Ping AM's own path shape, so unchanged Ping clients work with only the host changed:
 *   /am/json/realms/root[/realms/{realm}…]/users/{userId}/devices/2fa/…  → /api/v1/users/{userId}/devices/2fa/…
 *   /am/json/realms/{realm}[/realms/{realm}…]/push/sns/message         → /api/v1/push/sns/message
 * The realm hierarchy is accepted and ignored (Devicekeeper has one realm), as is
 * Accept-API-Version. Only Ping's routes are reachable this way. Segments arrive decoded.
 */
export function pingAliasOf(segments: string[]): string[] | null {
  if (segments[0] !== "am" || segments[1] !== "json") return null;
  let i = 2;
  while (segments[i] === "realms" && segments[i + 1]) i += 2;
  if (i === 2) return null;
  const canonical = [...API_BASE.split("/").slice(1), ...segments.slice(i)];
  return matchPath(canonical)?.family === "ping" ? canonical : null;
}
