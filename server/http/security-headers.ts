import "server-only";
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

/**
 * The page's Content-Security-Policy, with a fresh nonce per response. Next reads the nonce from
 * the request's own `content-security-policy` header (the front door sets it) and puts it on every
 * script it emits; with 'strict-dynamic', scripts those load are trusted too, and nothing else runs
 * (no inline handlers, no injected markup's scripts). Styles come from the stylesheet: no style
 * attributes, so injected markup cannot restyle a page either.
 */
export function pageCsp({ dev, https }: { dev: boolean; https: boolean }): { nonce: string; policy: string } {
  const nonce = crypto.randomBytes(16).toString("base64");
  const policy = [
    "default-src 'self'",
    // Turbopack's hot reload and React's dev tooling evaluate code in development only.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Styles come from the stylesheet only: no inline <style> or style attributes. Development's
    // error overlay injects its own styles.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return { nonce, policy };
}

/** On every answer, page or API (set by the front door): no framing, no sniffing, no referrer off-site, no sensors. */
export const COMMON_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

/** JSON answers run no code at all. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Two years, subdomains included: sent only on responses to https requests. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** Whether the client reached us over https: directly (TLS socket) or through a trusted proxy that says so. */
export function isHttps(req: IncomingMessage, fromTrustedProxy: boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!fromTrustedProxy) return false;
  const proto = req.headers["x-forwarded-proto"];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase() === "https";
}
