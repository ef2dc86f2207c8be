import "server-only";
import type { FrontDoorRoutes } from "@/server/http/front-door";
import { markFrontDoor } from "@/server/request-context";
import { observeRequest } from "@/server/http/request-log";
import { serveMetrics } from "@/server/http/metrics-endpoint";
import { handleApiRequest, isApiPath } from "@/server/api/router";
import { duringDbOutage } from "@/server/http/outage";
import { logger } from "@/server/observability/logger";
import { isOidcPath, oidcHandler } from "@/server/oidc/mount";

/**
 * What the front door serves itself, without Next — /metrics, the REST API and the OpenID Provider
 * — and what it asks (whether the database is out; where to warn). From now on the client address
 * the front door hands on is believed (markFrontDoor). Loaded once Next is ready: some of these
 * modules use next/headers, whose request storage Next sets up.
 */
export async function frontDoorRoutes(): Promise<FrontDoorRoutes> {
  const serveOidc = await oidcHandler();
  markFrontDoor();
  return {
    observe: observeRequest,
    serve(req, res) {
      const url = req.url ?? "/";
      if (url === "/metrics" || url.startsWith("/metrics?")) return (void serveMetrics(req, res), true);
      if (isApiPath(url)) return (void handleApiRequest(req, res), true);
      if (isOidcPath(url)) return (void serveOidc(req, res), true);
      return false;
    },
    duringOutage: duringDbOutage,
    warn: (detail, message) => logger.warn(detail, message),
  };
}
