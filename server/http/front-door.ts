import "server-only";
import http from "node:http";
import next from "next";
// What `next start` loads first (AsyncLocalStorage on globalThis, …), after `next` has installed
// its require hook: the API router's modules import next/headers, which needs it at load time.
import "next/dist/server/node-environment";
import { clientIpResolver, type ClientIpOf } from "@/server/http/client-ip";
import { CLIENT_IP_HEADER, markFrontDoor } from "@/server/request-context";
import { handleApiRequest, isApiPath } from "@/server/api/router";

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Every request: the client's address into CLIENT_IP_HEADER (replacing any a client sent), then the API router or Next. */
export function frontDoorListener(clientIp: ClientIpOf, next: Listener): Listener {
  return (req, res) => {
    const ip = clientIp(req);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    if (isApiPath(req.url ?? "/")) void handleApiRequest(req, res);
    else next(req, res);
  };
}

export type FrontDoorOptions = { dev: boolean; port: number; hostname?: string; keepAliveTimeoutMs?: number };

/**
 * The one HTTP server of the process: it takes the client's address from the socket (and the
 * trusted proxy hops, TRUST_PROXY), hands the REST API to the lean router (server/api/router.ts)
 * and everything else — pages, server actions, next-auth — to Next.
 */
export async function startFrontDoor({ dev, port, hostname, keepAliveTimeoutMs = 5_000 }: FrontDoorOptions): Promise<http.Server> {
  const clientIp = clientIpResolver(); // a bad TRUST_PROXY stops the start here, with its reason
  markFrontDoor();
  const server = http.createServer();
  // httpServer lets Next attach its own upgrade handler (dev's hot reload).
  const app = next({ dev, dir: process.cwd(), hostname, port, httpServer: server, ...(dev && { turbopack: true }) });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  server.on("request", frontDoorListener(clientIp, (req, res) => void handleNext(req, res)));
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = Math.max(server.headersTimeout, keepAliveTimeoutMs + 1_000);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return server;
}
