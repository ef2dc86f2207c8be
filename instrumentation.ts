// Runs once when the Next.js server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}

/** A page or action that failed on an unreachable database becomes a "temporarily unavailable" page (server/http/page-guards.ts). */
export async function onRequestError(error: unknown) {
  const { noteIfDbOutage } = await import("./server/http/outage");
  noteIfDbOutage(error);
}
