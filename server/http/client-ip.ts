import "server-only";
import type { IncomingMessage } from "node:http";
import net from "node:net";
import proxyaddr from "proxy-addr";
import { ConfigError } from "@/server/config";

/**
 * The header in which the front door hands the client's address to the app, after taking it from
 * the socket and the trusted proxy hops (TRUST_PROXY). It removes any such header a client sent,
 * so only its own value arrives.
 */
export const CLIENT_IP_HEADER = "x-devicekeeper-client-ip";

/**
 * The header in which the front door hands a page request's path and query to the app (GET only;
 * any such header a client sent is removed): a page that sends a browser to sign in names it as
 * where to come back to (server/auth/session.ts).
 */
export const PAGE_URL_HEADER = "x-devicekeeper-page";

export type ClientIpOf = (req: IncomingMessage) => string | null;
/** Whether the socket's peer is one of the trusted proxies (so its X-Forwarded-* headers count). */
export type FromTrustedProxy = (req: IncomingMessage) => boolean;

/**
 * Which proxy hops are believed, from TRUST_PROXY:
 * - unset, "" or "0": none — the client is the socket's peer, X-Forwarded-For is ignored;
 * - a number N: the N nearest hops are your proxies (1: one reverse proxy in front);
 * - a list of addresses or CIDR ranges, or `loopback`, `linklocal`, `uniquelocal` (proxy-addr's
 *   names): those peers are your proxies, however many.
 */
export function proxyTrust(value = process.env.TRUST_PROXY): ((addr: string, hop: number) => boolean) | null {
  const v = value?.trim() ?? "";
  if (v === "" || v === "0" || v === "false") return null;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_addr, hop) => hop < hops;
  }
  try {
    return proxyaddr.compile(
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  } catch (e) {
    throw new ConfigError(`TRUST_PROXY="${v}" is not a hop count or a list of addresses/CIDR ranges: ${(e as Error).message}`);
  }
}

// Node reports IPv4 clients of a dual-stack socket as "::ffff:1.2.3.4"; people know them as 1.2.3.4.
const plain = (ip: string) => ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");

/**
 * The client's address: the socket's peer, or — through the trusted proxy hops only — the
 * address X-Forwarded-For names. An entry that is not an IP address (anyone can write anything
 * there) is never taken: the nearest trusted hop's address is used instead.
 */
export function clientIpResolver(value = process.env.TRUST_PROXY): ClientIpOf {
  const trust = proxyTrust(value);
  return (req) => {
    const peer = req.socket.remoteAddress;
    if (!peer) return null;
    if (!trust) return plain(peer);
    const chain = proxyaddr.all(req, trust); // [peer, …trusted hops…, client]
    for (let i = chain.length - 1; i >= 0; i--) if (net.isIP(chain[i]!)) return plain(chain[i]!);
    return plain(peer);
  };
}

/** Whether the request came through a proxy hop TRUST_PROXY names. */
export function trustedProxyResolver(value = process.env.TRUST_PROXY): FromTrustedProxy {
  const trust = proxyTrust(value);
  return (req) => !!trust && !!req.socket.remoteAddress && trust(req.socket.remoteAddress, 0);
}
