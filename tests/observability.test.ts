import { describe, expect, it } from "vitest";
import http from "node:http";
import net from "node:net";
import { routeLabel, ROUTE_TEMPLATE } from "@/server/http/request-log";
import { metrics, metricsAccess } from "@/server/observability/metrics";

describe("request metrics labels", () => {
  it("name API routes by the template the router matched, and pages with ids replaced, so the label set stays small", () => {
    const id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    expect(routeLabel(`/api/v1/settings/devices/${id}`, 200, "/api/v1/settings/devices/{deviceId}")).toBe(
      "/api/v1/settings/devices/{deviceId}",
    );
    expect(routeLabel(`/admin/users/${id}`, 200)).toBe("/admin/users/{id}");
    expect(routeLabel("/_next/static/chunks/abc.js", 200)).toBe("/_next/*");
    expect(routeLabel("/am/json/realms/root/x", 400)).toBe("/am/*");
    expect(routeLabel("/wp-login.php", 404)).toBe("(unmatched)");
    expect(routeLabel(`/api/v1/nothing/${id}`, 404)).toBe("(unmatched)");
  });

  it("take the template from the API router, for the route it matched", async () => {
    const { handleApiRequest } = await import("@/server/api/router");
    const req = Object.assign(new http.IncomingMessage(new net.Socket()), {
      method: "GET",
      url: `/api/v1/users/${"1b4e28ba-2fa1-41d2-883f-0016d3cca427"}/devices`,
      headers: {},
    });
    let status = 0;
    const res = { writeHead: (code: number) => ((status = code), res), end: () => res } as unknown as http.ServerResponse;
    await handleApiRequest(req, res);
    expect(status).toBe(401);
    expect((req as unknown as Record<symbol, string>)[ROUTE_TEMPLATE]).toBe("/api/v1/users/{userId}/devices");
  });
});

describe("/metrics access", () => {
  it("is off without METRICS_TOKEN, and needs exactly that Bearer token", () => {
    expect(metricsAccess("Bearer x", {} as NodeJS.ProcessEnv)).toBe("off");
    const env = { METRICS_TOKEN: "s3cret-metrics" } as unknown as NodeJS.ProcessEnv;
    expect(metricsAccess(undefined, env)).toBe("denied");
    expect(metricsAccess("Bearer wrong", env)).toBe("denied");
    expect(metricsAccess("Basic s3cret-metrics", env)).toBe("denied");
    expect(metricsAccess("Bearer s3cret-metrics", env)).toBe("ok");
  });

  it("exposes the counters an operator needs", async () => {
    const text = await metrics.registry.metrics();
    for (const name of [
      "devicekeeper_http_requests_total",
      "devicekeeper_http_request_duration_seconds",
      "devicekeeper_session_checks_total",
      "devicekeeper_sessions_revoked_total",
      "devicekeeper_sign_in_failures_total",
      "devicekeeper_rate_limit_refusals_total",
      "devicekeeper_webhook_deliveries_total",
      "devicekeeper_process_cpu_seconds_total",
    ])
      expect(text).toContain(`# TYPE ${name}`);
  });
});
