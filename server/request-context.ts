import "server-only";
import { headers } from "next/headers";

export type RequestContext = {
  ip: string | null;
  userAgent: string | null;
  /** Set for REST API calls: which credential acted ("personal access token “CI”"); audited. */
  via?: string;
};

/**
 * Client IP and User-Agent of the current request. X-Forwarded-For is only believed when
 * TRUST_PROXY=1 (the app sits behind a proxy that sets it); otherwise anyone could pick their IP.
 */
export function contextFromHeaders(h: Headers | Record<string, string | string[] | undefined>): RequestContext {
  const get = (name: string): string | null => {
    if (h instanceof Headers) return h.get(name);
    const v = h[name];
    return (Array.isArray(v) ? v[0] : v) ?? null;
  };
  let ip: string | null = null;
  if (process.env.TRUST_PROXY === "1") ip = get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip");
  // Next's server appends the socket's address as the last X-Forwarded-For entry; earlier entries
  // come from the client and are only believed behind a trusted proxy.
  ip ??= get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
  // Node reports IPv4 clients of a dual-stack socket as "::ffff:1.2.3.4"; people know them as 1.2.3.4.
  ip = ip?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1") ?? null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: get("user-agent")?.slice(0, 512) ?? null };
}

export async function getRequestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
