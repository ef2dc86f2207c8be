import "server-only";
import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/server/http/client-ip";

export type RequestContext = {
  ip: string | null;
  userAgent: string | null;
  /** Set for REST API calls: which credential acted ("personal access token “CI”"); audited. */
  via?: string;
};

export { CLIENT_IP_HEADER };

/** Whether requests come through the front door, which sets CLIENT_IP_HEADER itself (else a client could). */
let behindFrontDoor = false;

/** Called by the process that starts the front door: from then on CLIENT_IP_HEADER is the client's address. */
export function markFrontDoor(): void {
  behindFrontDoor = true;
}

/** Client IP and User-Agent of the current request. The IP is null when not served through the front door. */
export function contextFromHeaders(h: Headers | Record<string, string | string[] | undefined>): RequestContext {
  const get = (name: string): string | null => {
    if (h instanceof Headers) return h.get(name);
    const v = h[name];
    return (Array.isArray(v) ? v[0] : v) ?? null;
  };
  const ip = behindFrontDoor ? get(CLIENT_IP_HEADER) : null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: get("user-agent")?.slice(0, 512) ?? null };
}

export async function getRequestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
