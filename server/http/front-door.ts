import "server-only";
import http from "node:http";
import next from "next";
// What `next start` loads first (AsyncLocalStorage on globalThis, …), after `next` has installed
// its require hook: the API router's modules import next/headers, which needs it at load time.
import "next/dist/server/node-environment";
import { clientIpResolver, trustedProxyResolver, type ClientIpOf, type FromTrustedProxy } from "@/server/http/client-ip";
import { COMMON_SECURITY_HEADERS, HSTS, isHttps, pageCsp } from "@/server/http/security-headers";
import { CLIENT_IP_HEADER, markFrontDoor } from "@/server/request-context";
import { handleApiRequest, isApiPath } from "@/server/api/router";
import { checkActionCall, unavailableInsteadOf5xx } from "@/server/http/page-guards";
import { schedulePrune } from "@/server/maintenance/prune";
import { observeRequest } from "@/server/http/request-log";
import { serveMetrics } from "@/server/http/metrics-endpoint";

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export type FrontDoorPolicy = { clientIp: ClientIpOf; fromTrustedProxy: FromTrustedProxy; dev: boolean };

/**
 * Every request: the client's address into CLIENT_IP_HEADER (replacing any a client sent), a
 * request id (X-Request-Id) with one log line and metrics when answered, HSTS when it came over
 * https, then /metrics, the API router — or Next, with a per-response CSP nonce, malformed
 * server-action calls refused (400) and a database outage answered as "temporarily unavailable"
 * (503) instead of a 500 (server/http/page-guards.ts).
 */
export function frontDoorListener({ clientIp, fromTrustedProxy, dev }: FrontDoorPolicy, next: Listener): Listener {
  return (req, res) => {
    const ip = clientIp(req);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) res.setHeader(name, value);
    observeRequest(req, res, ip);
    const https = isHttps(req, fromTrustedProxy(req));
    if (https) res.setHeader("Strict-Transport-Security", HSTS);
    if (req.url === "/metrics" || req.url?.startsWith("/metrics?")) return void serveMetrics(req, res);
    if (isApiPath(req.url ?? "/")) return void handleApiRequest(req, res);
    const { policy } = pageCsp({ dev, https });
    req.headers["content-security-policy"] = policy; // where Next looks for the nonce
    res.setHeader("Content-Security-Policy", policy);
    unavailableInsteadOf5xx(res);
    void checkActionCall(req, res).then(
      (checked) => checked && next(checked, res),
      () => res.destroy(),
    );
  };
}

export type FrontDoorOptions = { dev: boolean; port: number; hostname?: string; keepAliveTimeoutMs?: number };

/**
 * The one HTTP server of the process: it takes the client's address from the socket (and the
 * trusted proxy hops, TRUST_PROXY), hands the REST API to the lean router (server/api/router.ts)
 * and everything else — pages, server actions, next-auth — to Next.
 */
export async function startFrontDoor({ dev, port, hostname, keepAliveTimeoutMs = 5_000 }: FrontDoorOptions): Promise<http.Server> {
  const policy = { clientIp: clientIpResolver(), fromTrustedProxy: trustedProxyResolver(), dev }; // a bad TRUST_PROXY stops the start here
  markFrontDoor();
  const server = http.createServer();
  // httpServer lets Next attach its own upgrade handler (dev's hot reload).
  const app = next({ dev, dir: process.cwd(), hostname, port, httpServer: server, ...(dev && { turbopack: true }) });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  server.on(
    "request",
    frontDoorListener(policy, (req, res) => void handleNext(req, res)),
  );
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = Math.max(server.headersTimeout, keepAliveTimeoutMs + 1_000);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  const stopPruning = schedulePrune();
  server.once("close", stopPruning);
  return server;
}
