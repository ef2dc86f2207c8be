import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { routeLabel, ROUTE_TEMPLATE } from "@/server/http/request-log";
import { clientIpResolver, trustedProxyResolver } from "@/server/http/client-ip";
import { frontDoorListener } from "@/server/http/front-door";
import { frontDoorRoutes } from "@/server/boot/front-door-routes";
import client from "prom-client";
import { metrics, metricsAccess } from "@/server/observability/metrics";

describe("request metrics labels", () => {
  it("name API routes by the template the router matched, and pages with ids replaced, so the label set stays small", () => {
    const id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    expect(routeLabel(`/api/v1/settings/devices/${id}`, 200, "/api/v1/settings/devices/{deviceId}")).toBe(
      "/api/v1/settings/devices/{deviceId}",
    );
    expect(routeLabel(`/admin/users/${id}`, 200)).toBe("/admin/users/{id}");
    expect(routeLabel("/_next/static/chunks/abc.js", 200)).toBe("/_next/*");
    expect(routeLabel("/am/json/realms/root/x", 400, "(unmatched)")).toBe("(unmatched)"); // the router's label, for any API path
    expect(routeLabel("/x/../sign-in", 200)).toBe("/sign-in"); // as Next resolves it
    expect(routeLabel("/devices/x", 307)).toBe("(unmatched)"); // a redirect can answer any path
    expect(routeLabel("/api/auth/session/x", 200)).toBe("/api/auth/*");
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

/** One request with the path as written (fetch would normalise it, and refuses TRACE); its status. */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", reject).end();
  });
}

const routeLabels = async () => new Set((await metrics.requests.get()).values.map((v) => String(v.labels.route)));

describe("the route label set", () => {
  it("does not grow with random paths: odd methods, bad encodings, overlong paths, redirects, Next's 400/405/500", async () => {
    // Next's stand-in answers as Next does to such requests (seen on the built app): the status asked for.
    const server = http.createServer(
      frontDoorListener(
        { clientIp: clientIpResolver(undefined), fromTrustedProxy: trustedProxyResolver(undefined), dev: false },
        await frontDoorRoutes(),
        (req, res) => {
          const status = Number(req.headers["x-next-answers"] ?? 404);
          res.writeHead(status, status >= 300 && status < 400 ? { location: "/sign-in" } : {}).end();
        },
      ),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const sent: string[] = [];
    const next = (status: number) => ({ "x-next-answers": String(status) });
    const round = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = `r${crypto.randomBytes(6).toString("hex")}`;
        sent.push(r);
        const statuses = await Promise.all([
          ...["PROPFIND", "TRACE", "MKCOL", "SEARCH", "PURGE", "LOCK"].map((m) => send(port, m, `/api/v1/${r}/devices/${r}`)),
          send(port, "GET", `/api/v1/settings/devices/%E0%A4%A${r}`), // 400
          send(port, "DELETE", `/api/v1/settings/devices/${r}${"x".repeat(300)}`), // 414
          send(port, "GET", `/am/json/realms/root/${r}/%FF`), // 400
          send(port, "GET", `/api/v1/${r}/`), // 308
          send(port, "GET", `/devices/${r}`, next(307)), // sign in first
          send(port, "GET", `/${r}/`, next(308)), // Next's trailing-slash redirect
          send(port, "OPTIONS", `/devices/${r}`, next(400)),
          send(port, "PROPFIND", `/${r}`, next(405)),
          send(port, "GET", `/devices/%zz${r}`, next(500)),
          send(port, "POST", `/${r}`, { "next-action": r, "content-type": "text/plain" }), // a malformed action call: 400
          send(port, "GET", `/api/auth/session/${r}`, next(200)), // next-auth answers any action name
          send(port, "GET", `/api/auth/signin/${r}`, next(302)),
          send(port, "GET", `/${r}/../sign-in`, next(200)), // Next resolves dot segments
          send(port, "GET", `/${r}`), // 404
          send(port, "GET", `/metrics?${r}`), // refused (404 or 401), but /metrics all the same
        ]);
        expect(statuses.slice(0, 10)).toEqual([405, 405, 405, 405, 405, 405, 400, 414, 400, 308]);
      }
      await new Promise((r) => setTimeout(r, 20)); // the last answers' "finish"
      return routeLabels();
    };
    try {
      const few = await round(3);
      const many = await round(12);
      expect([...many].filter((l) => !few.has(l))).toEqual([]);
      expect(many).toContain("/metrics");
      expect([...many].filter((l) => sent.some((r) => l.includes(r)))).toEqual([]);
    } finally {
      server.close();
    }
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
    const text = await client.Registry.merge([metrics.registry, metrics.shared]).metrics();
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
