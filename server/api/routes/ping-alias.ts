import "server-only";
import type { NextRequest } from "next/server";
import { apiError } from "@/server/api/api-error";
import type { RouteContext, RouteHandler } from "@/server/api/api-route";
import { ping2faRoutes } from "@/server/api/routes/ping-2fa";
import { pushRefreshRoute } from "@/server/api/routes/push-refresh";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
type Routes = Record<Method, RouteHandler>;

/**
 * Ping AM's own path shape, so unchanged Ping clients work with only the host changed:
 *   /am/json/realms/root[/realms/{realm}…]/users/{userId}/devices/2fa/{oath|push|webauthn|binding}[/{uuid}]
 *   /am/json/realms/{realm}[/realms/{realm}…]/push/sns/message?_action=refresh
 * The realm hierarchy is accepted and ignored (Devicekeeper has one realm), as is Accept-API-Version.
 */
function resolve(segments: string[]): { routes: Routes; params: Record<string, string> } | null {
  let i = 0;
  while (segments[i] === "realms" && segments[i + 1]) i += 2;
  if (i === 0) return null;
  const rest = segments.slice(i);
  if (rest.join("/") === "push/sns/message") return { routes: pushRefreshRoute, params: {} };
  const [users, userId, devices, twoFa, kind, uuid, ...extra] = rest;
  if (users !== "users" || !userId || devices !== "devices" || twoFa !== "2fa" || extra.length) return null;
  if (uuid === undefined) {
    if (kind === "oath" || kind === "push" || kind === "webauthn" || kind === "binding") return { routes: ping2faRoutes[kind], params: { userId } };
    return null;
  }
  if (kind === "webauthn") return { routes: ping2faRoutes.webauthnItem, params: { userId, uuid } };
  if (kind === "binding") return { routes: ping2faRoutes.bindingItem, params: { userId, uuid } };
  return null;
}

export async function pingAlias(req: NextRequest, ctx: RouteContext): Promise<Response> {
  const { path } = await ctx.params;
  const found = resolve(Array.isArray(path) ? path : []);
  if (!found) return apiError("ping", 404, "No API route matches this path.");
  // Next answers HEAD with the GET handler (dropping the body); any other unknown method is a 405.
  const method = (req.method === "HEAD" ? "GET" : req.method) as Method;
  const handler = found.routes[method];
  if (!handler) return apiError("ping", 405, `${req.method} is not allowed here.`);
  return handler(req, { params: Promise.resolve(found.params) });
}
