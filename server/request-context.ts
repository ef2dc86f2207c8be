import "server-only";
import { headers } from "next/headers";

export type RequestContext = {
  ip: string | null;
  userAgent: string | null;
  /** Set for REST API calls: which credential acted ("personal access token “CI”"); audited. */
  via?: string;
};

/**
 * The header in which the front door (server/http/front-door.ts) hands the client's address to
 * the app, after taking it from the socket and the trusted proxy hops (TRUST_PROXY). It removes
 * any such header a client sent, so only its own value arrives.
 */
export const CLIENT_IP_HEADER = "x-devicekeeper-client-ip";
const FRONT_DOOR = Symbol.for("devicekeeper.frontDoor");

/** Called by the front door at start: from then on CLIENT_IP_HEADER is the client's address. */
export function markFrontDoor(): void {
  (globalThis as Record<symbol, unknown>)[FRONT_DOOR] = true;
}

/** Client IP and User-Agent of the current request. The IP is null when not served through the front door. */
export function contextFromHeaders(h: Headers | Record<string, string | string[] | undefined>): RequestContext {
  const get = (name: string): string | null => {
    if (h instanceof Headers) return h.get(name);
    const v = h[name];
    return (Array.isArray(v) ? v[0] : v) ?? null;
  };
  const ip = (globalThis as Record<symbol, unknown>)[FRONT_DOOR] ? get(CLIENT_IP_HEADER) : null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: get("user-agent")?.slice(0, 512) ?? null };
}

export async function getRequestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
