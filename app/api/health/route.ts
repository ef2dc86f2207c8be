export const dynamic = "force-dynamic";

/** Liveness for load balancers and benchmarks: no session, no database. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
