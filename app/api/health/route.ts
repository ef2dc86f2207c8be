import { apiMethods } from "@/server/api/api-route";
export const dynamic = "force-dynamic";

/** Liveness for load balancers and benchmarks: no session, no database. */
function health() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { GET: health });
