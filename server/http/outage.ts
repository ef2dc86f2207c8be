import "server-only";
import { classify, DB_OUTAGE, type Unavailable } from "@/server/errors";
import { rawQuery } from "@/server/db/client";

// When a request failed because the database was unreachable — noted from Next's onRequestError
// (instrumentation.ts) and from the sign-in steps — so the front door can answer "temporarily
// unavailable" even if the database is back by the time it asks.
let lastOutage = 0;

/** Notes the error when it is the database being unreachable; says whether it was. */
export function noteIfDbOutage(e: unknown): boolean {
  if (classify(e).kind !== "unavailable") return false;
  lastOutage = Date.now();
  return true;
}

/** Whether a request failed on an unreachable database in the last `withinMs`. */
export const recentDbOutage = (withinMs = 10_000) => Date.now() - lastOutage < withinMs;

/** Is the database answering? A short bound: a hung server counts as unavailable. */
export async function databaseAnswers(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      rawQuery("SELECT 1", [], { prepared: false }).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Was a failure now the database's? It does not answer, or a request just failed on it (it may be
 * back already). If so, the outage as classify answers it, for the front door to render.
 */
export async function duringDbOutage(): Promise<Unavailable | null> {
  const up = await databaseAnswers();
  return !up || recentDbOutage() ? DB_OUTAGE : null;
}
