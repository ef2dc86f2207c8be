import "server-only";
import http from "node:http";
import next from "next";
import {
  CLIENT_IP_HEADER,
  PAGE_URL_HEADER,
  clientIpResolver,
  trustedProxyResolver,
  type ClientIpOf,
  type FromTrustedProxy,
} from "@/server/http/client-ip";
import { COMMON_SECURITY_HEADERS, HSTS, isHttps, pageCsp } from "@/server/http/security-headers";
import { answerEarlyFormPost, checkActionCall, isEarlyFormPost, plainAnswer, unavailableInsteadOf5xx } from "@/server/http/page-guards";
import type { Unavailable } from "@/server/errors";

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * What the front door is handed by the process that starts it (scripts/serve.ts): it imports no
 * domain module itself. `serve` takes the requests that never go through Next — /metrics, the
 * REST API, and whatever else the process mounts — and answers false for the rest.
 */
export type FrontDoorRoutes = {
  /** Gives the request its id, and logs and counts it once answered. */
  observe(req: http.IncomingMessage, res: http.ServerResponse, clientIp: string | null): void;
  /** Answers the request if it is one of its paths; false: it is Next's. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** The outage, when the database is out now (a page's 5xx then becomes a "temporarily unavailable" page); else null. */
  duringOutage(): Promise<Unavailable | null>;
  /** One warning line (a refused cross-site action call). */
  warn(detail: object, message: string): void;
};

export type FrontDoorPolicy = { clientIp: ClientIpOf; fromTrustedProxy: FromTrustedProxy; dev: boolean };

/** A path Next would choke on (bad percent-encoding answers a 500 from deep inside its router). */
function isMalformedPath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0]!);
    return false;
  } catch {
    return true;
  }
}

/**
 * Every request: the client's address into CLIENT_IP_HEADER (replacing any a client sent), the
 * headers common to every answer and HSTS when it came over https, then the routes the front door
 * was handed — or Next, with a per-response CSP nonce, malformed and cross-site server-action calls
 * refused (4xx), a sign-in form the browser posted before its script ran sent back to the form, and a
 * database outage answered as "temporarily unavailable" (503) instead of a 500
 * (server/http/page-guards.ts).
 */
export function frontDoorListener({ clientIp, fromTrustedProxy, dev }: FrontDoorPolicy, routes: FrontDoorRoutes, next: Listener): Listener {
  return (req, res) => {
    const ip = clientIp(req);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) res.setHeader(name, value);
    routes.observe(req, res, ip);
    const https = isHttps(req, fromTrustedProxy(req));
    if (https) res.setHeader("Strict-Transport-Security", HSTS);
    if (routes.serve(req, res)) return;
    if (isMalformedPath(req.url ?? "/")) return plainAnswer(res, 400, "The path is not valid percent-encoding.");
    if (req.method === "GET") req.headers[PAGE_URL_HEADER] = req.url;
    else delete req.headers[PAGE_URL_HEADER];
    const { policy } = pageCsp({ dev, https });
    req.headers["content-security-policy"] = policy; // where Next looks for the nonce
    res.setHeader("Content-Security-Policy", policy);
    unavailableInsteadOf5xx(res, routes.duringOutage);
    if (isEarlyFormPost(req)) return void answerEarlyFormPost(req, res).catch(() => res.destroy());
    void checkActionCall(req, res, routes.warn).then(
      (checked) => checked && next(checked, res),
      () => res.destroy(),
    );
  };
}

export type FrontDoorOptions = {
  dev: boolean;
  port: number;
  hostname?: string;
  keepAliveTimeoutMs?: number;
  /** Called once Next is ready — Next sets up the request storage the app's modules use — for the routes to mount. */
  routes: () => Promise<FrontDoorRoutes>;
};

/**
 * The one HTTP server of the process: it takes the client's address from the socket (and the
 * trusted proxy hops, TRUST_PROXY), hands its own routes (the REST API…) to what it was given
 * and everything else — pages, server actions, next-auth — to Next.
 */
export async function startFrontDoor({ dev, port, hostname, keepAliveTimeoutMs = 5_000, routes }: FrontDoorOptions): Promise<http.Server> {
  const policy = { clientIp: clientIpResolver(), fromTrustedProxy: trustedProxyResolver(), dev }; // a bad TRUST_PROXY stops the start here
  const server = http.createServer();
  // httpServer lets Next attach its own upgrade handler (dev's hot reload).
  const app = next({ dev, dir: process.cwd(), hostname, port, httpServer: server, ...(dev && { turbopack: true }) });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  server.on(
    "request",
    frontDoorListener(policy, await routes(), (req, res) => void handleNext(req, res)),
  );
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = Math.max(server.headersTimeout, keepAliveTimeoutMs + 1_000);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return server;
}
