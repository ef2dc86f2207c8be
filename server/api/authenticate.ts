import "server-only";
import type { Actor } from "@/server/audit/actor";
import { countCredentialFailure } from "@/server/auth/throttle";
import { readSessionToken } from "@/server/auth/validate-session";
import { sessionCookieName } from "@/server/auth/cookies";
import { contextFromHeaders } from "@/server/request-context";
import { cookieOf, header, type ApiRequest } from "@/server/api/http";
import { describeCredential, validateApiToken } from "@/server/api-tokens/validate-api-token";

/** Who is calling the REST API. */
export type ApiPrincipal =
  | { type: "user"; userId: string; role: "USER" | "ADMIN"; sessionId?: string; deviceId?: string; email?: string; name?: string }
  | { type: "server" };

/**
 * What a route accepts:
 * - `user`: a personal access token (Bearer), or — for GET only — the dashboard's own session cookie;
 * - `server`: a server key (HTTP Basic with the key as username and an empty password, or Bearer);
 * - `admin`: a server key, or a personal access token of an administrator;
 * - `session`: the dashboard's own session cookie only (its feeds), same-origin;
 * - `public`: no credentials (health, the OpenAPI document, a route that authenticates its body).
 */
export type ApiAudience = "user" | "server" | "admin" | "session" | "public";

export type AuthResult =
  | { ok: true; principal: ApiPrincipal | null; actor: Actor }
  | { ok: false; status: 401 | 403 | 429; message: string; headers: Record<string, string> };

const CHALLENGE: Record<ApiAudience, string | null> = {
  user: 'Bearer realm="devicekeeper"',
  server: 'Basic realm="devicekeeper"',
  admin: 'Bearer realm="devicekeeper", Basic realm="devicekeeper"',
  session: null,
  public: null,
};
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The token in an Authorization header, or why there is none. */
function presentedToken(header: string): { token: string } | { problem: string } {
  const match = /^(\S+)[ \t]+(\S+)[ \t]*$/.exec(header);
  if (!match) return { problem: "The Authorization header is malformed." };
  const scheme = match[1]!.toLowerCase();
  if (scheme === "bearer") return { token: match[2]! };
  if (scheme === "basic") {
    if (!BASE64.test(match[2]!) || match[2]!.length % 4 !== 0) return { problem: "The Basic credentials are not valid base64." };
    const decoded = Buffer.from(match[2]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0 || colon < decoded.length - 1)
      return { problem: "Basic credentials are the server key as the username and an empty password." };
    return { token: decoded.slice(0, colon) };
  }
  return { problem: `The ${match[1]} scheme is not supported; use Bearer or Basic.` };
}

/**
 * Not cross-site by the browser's own account (Sec-Fetch-Site), nor by the Origin it sent: the
 * only condition under which the dashboard's session cookie counts on a REST route.
 */
function isSameOrigin(req: ApiRequest): boolean {
  const site = header(req, "sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = header(req, "origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === header(req, "host");
  } catch {
    return false; // "null" (sandboxed or privacy-redirected) or garbage
  }
}

/**
 * Authenticates one REST request. Tokens are looked up on every request (revoked, expired or
 * disabled-user tokens fail at once); nothing is cached. 401 when there are no usable credentials,
 * 403 when they are valid but do not grant this route, 429 (Retry-After) when this client sent
 * too many invalid credentials lately (server/auth/throttle.ts).
 */
export async function authenticateApi(
  req: ApiRequest,
  audience: ApiAudience,
  /** Whether the dashboard's session cookie (same-origin, `user` audience) may also change things. */
  { sessionCookie = "read" }: { sessionCookie?: "read" | "read-write" } = {},
): Promise<AuthResult> {
  const context = contextFromHeaders(req.headers);
  const challenge = CHALLENGE[audience];
  const fail = (status: 401 | 403, message: string): AuthResult => ({
    ok: false,
    status,
    message,
    headers: status === 401 && challenge ? { "WWW-Authenticate": challenge } : {},
  });
  if (audience === "public") return { ok: true, principal: null, actor: { userId: null, role: "USER", context } };
  const authorization = header(req, "authorization");

  if (authorization === undefined || audience === "session") {
    // The dashboard reads its own data with the session cookie: same-origin only, and for reads
    // unless the route allows more (the mobile registration routes, for a signed-in browser).
    const readOnly = req.method === "GET" || req.method === "HEAD";
    const cookieCounts = audience === "session" || (audience === "user" && (readOnly || sessionCookie === "read-write"));
    if (cookieCounts && isSameOrigin(req)) {
      const session = await readSessionToken(cookieOf(req, sessionCookieName()));
      if (session) {
        const principal = {
          type: "user" as const,
          userId: session.userId,
          role: session.role,
          sessionId: session.sessionId,
          deviceId: session.deviceId,
          email: session.email,
          name: session.name,
        };
        return { ok: true, principal, actor: { userId: session.userId, sessionId: session.sessionId, role: session.role, context } };
      }
    }
    if (audience === "session") return fail(401, "Sign in first, or your session has ended.");
    return fail(
      401,
      audience === "server"
        ? "Send the server secret key as the Basic username with an empty password."
        : audience === "admin"
          ? "Send the server secret key as the Basic username with an empty password, or an administrator's personal access token: Authorization: Bearer <token>."
          : "Send a personal access token: Authorization: Bearer <token>.",
    );
  }

  const presented = presentedToken(authorization.slice(0, 1024));
  if ("problem" in presented) return fail(401, presented.problem);
  const token = await validateApiToken(presented.token);
  if (!token) {
    // Invalid credentials count toward the client's brute-force ceiling; past it, 429 (valid ones still work).
    const throttle = await countCredentialFailure(context.ip);
    if (throttle.locked) {
      return {
        ok: false,
        status: 429,
        message: `Too many invalid credentials from this client; retry in ${throttle.retryAfterSeconds} seconds.`,
        headers: { "Retry-After": String(throttle.retryAfterSeconds) },
      };
    }
    return fail(
      401,
      presented.token.startsWith("sk_") ? "The server key is invalid, expired or revoked." : "The token is invalid, expired or revoked.",
    );
  }
  const via = describeCredential(token);

  if (token.kind === "SERVER") {
    if (audience === "user") return fail(403, "A server key cannot act as a user; use a personal access token.");
    return { ok: true, principal: { type: "server" }, actor: { userId: null, role: "ADMIN", context: { ...context, via } } };
  }
  if (audience === "server") return fail(403, "This is the server API: use a server secret key, not a personal access token.");
  if (audience === "admin" && token.role !== "ADMIN")
    return fail(403, "These routes need an administrator's personal access token or a server key.");
  return {
    ok: true,
    principal: { type: "user", userId: token.userId, role: token.role, email: token.email, name: token.userName },
    actor: { userId: token.userId, role: token.role, context: { ...context, via } },
  };
}

/** The user behind a request of the `user` or `session` audience (which admit nothing else). */
export function userOf(principal: ApiPrincipal | null): Extract<ApiPrincipal, { type: "user" }> {
  if (principal?.type !== "user") throw new Error("The user and session audiences admit users only");
  return principal;
}
