import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { userOf } from "@/server/api/authenticate";
import { listDevices } from "@/server/devices/list-devices";
import { readiness } from "@/server/http/readiness";

/*
 * Devicekeeper's own routes, outside the public API: liveness, and the dashboard's feeds (read with
 * its session cookie, same-origin, by react-query). Their errors are `{ error, message }`.
 */
export const dashboardRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/health",
    family: "devicekeeper",
    audience: "public",
    failure: "Unhealthy.",
    // Liveness for load balancers and benchmarks: no session, no database.
    handle: async () => apiJson({ status: "ok" }),
  }),
  defineRoute({
    method: "GET",
    path: "/api/ready",
    family: "devicekeeper",
    audience: "public",
    failure: "Not ready.",
    // Readiness: the database answers, the migrations are applied, the process is not shutting down.
    handle: async () => {
      const r = await readiness();
      return apiJson({ status: r.ready ? "ready" : "unavailable", ...r }, r.ready ? 200 : 503);
    },
  }),
  defineRoute({
    // Who is calling: the dashboard's session, or a personal access token (then `session` is null).
    method: "GET",
    path: "/api/me",
    family: "devicekeeper",
    audience: "user",
    failure: "The session could not be read.",
    handle: async ({ principal }) => {
      const user = userOf(principal);
      const session = user.sessionId ? { id: user.sessionId, deviceId: user.deviceId } : null;
      return apiJson({ user: { id: user.userId, email: user.email, name: user.name, role: user.role }, session });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/me/devices",
    family: "devicekeeper",
    audience: "session",
    failure: "The devices could not be listed.",
    handle: async ({ principal, actor }) => {
      const user = userOf(principal);
      return apiJson({
        devices: await listDevices({
          userId: user.userId,
          currentDeviceId: user.deviceId ?? null,
          currentSessionId: actor.sessionId ?? null,
        }),
      });
    },
  }),
];
