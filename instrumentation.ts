// Next calls onRequestError for every page or action that failed. The server's modules come from
// the compiled package, the same instances the front door uses (docs/architecture.md).

/** A page or action that failed on an unreachable database becomes a "temporarily unavailable" page (server/http/page-guards.ts). */
export async function onRequestError(error: unknown) {
  const { noteIfDbOutage } = await import("@devicekeeper/server/http/outage");
  noteIfDbOutage(error);
}
