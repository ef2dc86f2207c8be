import "server-only";
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";

/*
 * Webhook URLs are chosen by administrators and API clients, and the server POSTs to them: without
 * a guard, a URL could make it reach the machine itself, the private network or a cloud metadata
 * service. Only public unicast addresses are allowed — not loopback, private (RFC 1918, IPv6 ULA),
 * link-local (169.254.0.0/16 with the metadata address, fe80::/10), carrier-grade NAT
 * (100.64.0.0/10, with Alibaba's metadata), multicast, reserved, documentation, or IPv6 forms that
 * embed an IPv4 address (compatible, mapped, translated, 6to4, Teredo, NAT64). Checked when an endpoint is saved and again
 * at every delivery, on the address actually connected to (so DNS rebinding cannot slip past).
 * WEBHOOKS_ALLOW_PRIVATE=1 turns the guard off (receivers on a private network; the tests).
 */

export const privateAddressesAllowed = (env: NodeJS.ProcessEnv = process.env) => env.WEBHOOKS_ALLOW_PRIVATE === "1";

// Global unicast (2000::/3): the IPv6 outside it that ipaddr.js calls "unicast" includes
// IPv4-compatible ::/96 (::7f00:1 is 127.0.0.1) and the rest of the IETF-reserved ::/8.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/**
 * Is this IP address one a webhook may be delivered to? Anything unparsable is not. An IPv6 form
 * embedding an IPv4 address is refused whatever it embeds — compatible ::/96, mapped ::ffff:0:0/96,
 * translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo
 * 2001::/32 — rather than judged by the IPv4 address inside: a receiver has a plain address.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && !parsed.match(GLOBAL_UNICAST_V6)) return false;
  // Within 2000::/3 ipaddr.js names 6to4, Teredo, documentation and the other special ranges.
  return parsed.range() === "unicast";
}

export class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host === address ? `${host} is` : `${host} resolves to ${address},`} a private or reserved address`);
  }
}

export type Resolve = (host: string) => Promise<string[]>;
const systemResolve: Resolve = async (host) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The URL's host without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * Why this URL may not receive webhooks (a sentence for the person who entered it), or null.
 * Every address the host resolves to must be public; https is required unless private addresses
 * are allowed or this is a development server.
 */
export async function webhookUrlProblem(
  raw: string,
  { env = process.env, resolve = systemResolve }: { env?: NodeJS.ProcessEnv; resolve?: Resolve } = {},
): Promise<string | null> {
  const url = new URL(raw);
  const allowPrivate = privateAddressesAllowed(env);
  if (url.protocol !== "https:" && !allowPrivate && env.NODE_ENV === "production") return "Use an https:// URL";
  if (allowPrivate) return null;
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : await resolve(host);
  } catch {
    return `${host} could not be resolved`;
  }
  if (addresses.length === 0) return `${host} could not be resolved`;
  const blocked = addresses.find((a) => !isPublicAddress(a));
  // Said to the administrator entering a webhook or an app's logout URI, who may run the server too.
  return blocked
    ? `${new BlockedAddressError(host, blocked).message}: only public addresses are allowed unless the server sets WEBHOOKS_ALLOW_PRIVATE=1`
    : null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses a host resolving to any non-public address. The socket
 * connects to the address this returns, so what was checked is what is reached. (Node does not
 * call `lookup` for an IP literal: the sender checks those itself, with isPublicAddress.)
 */
export function guardedLookup(resolve: Resolve = systemResolve) {
  return (host: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(host).then(
      (addresses) => {
        const blocked = addresses.find((a) => !isPublicAddress(a));
        if (blocked) return callback(new BlockedAddressError(host, blocked), "");
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error(`${host} could not be resolved`), { code: "ENOTFOUND" }), "");
        const family = net.isIP(first);
        if (options.all)
          callback(
            null,
            addresses.map((address) => ({ address, family: net.isIP(address) })),
          );
        else callback(null, first, family);
      },
      (e: NodeJS.ErrnoException) => callback(e, ""),
    );
  };
}

/** The guard for a delivery's URL: an IP literal is checked here; a host name by guardedLookup when connecting. */
export function literalAddressProblem(url: URL): string | null {
  const host = hostOf(url);
  return net.isIP(host) && !isPublicAddress(host) ? new BlockedAddressError(host, host).message : null;
}

export { hostOf as webhookHost };
