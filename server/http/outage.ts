import "server-only";
import { isDbUnavailable } from "@/server/errors";

// When a request failed because the database was unreachable — noted from Next's onRequestError
// (instrumentation.ts) and from the sign-in steps — so the front door can answer "temporarily
// unavailable" even if the database is back by the time it asks. On globalThis: Next's bundle and
// the front door load their own copies of this module.
const LAST_OUTAGE = Symbol.for("devicekeeper.lastDatabaseOutage");
const store = globalThis as Record<symbol, number | undefined>;

/** Notes the error when it is the database being unreachable; says whether it was. */
export function noteIfDbOutage(e: unknown): boolean {
  if (!isDbUnavailable(e)) return false;
  store[LAST_OUTAGE] = Date.now();
  return true;
}

/** Whether a request failed on an unreachable database in the last `withinMs`. */
export const recentDbOutage = (withinMs = 10_000) => Date.now() - (store[LAST_OUTAGE] ?? 0) < withinMs;
