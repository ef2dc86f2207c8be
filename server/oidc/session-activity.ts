import "server-only";
import { rawQuery } from "@/server/db/client";
import { LAST_SEEN_THROTTLE_MS, liveSessionBounds } from "@/server/config";

/*
 * App sessions hang from a Devicekeeper Session, which also ends when it expires or sits idle —
 * without a request that revokes it. These keep the two in step.
 */

/** When this instance last touched each grant's Session. */
const touched = new Map<string, number>();

/**
 * An app refreshing its tokens is the user at work: it counts as the Session's activity (at most
 * once a minute, like a page request), so someone who only uses the apps is not signed out for idling.
 */
export async function touchSessionOfGrant(grantId: string, now = new Date()): Promise<void> {
  // This instance touched it within the minute: nothing to write (a busy app refreshes often).
  const last = touched.get(grantId);
  if (last !== undefined && now.getTime() - last < LAST_SEEN_THROTTLE_MS) return;
  if (touched.size >= 10_000) touched.clear();
  touched.set(grantId, now.getTime());
  await rawQuery(
    `UPDATE "Session" s SET "lastSeenAt" = $2::timestamp
      WHERE s.id = (SELECT "dkSessionId" FROM "OidcPayload" WHERE model = 'Grant' AND id = $1)
        AND s."revokedAt" IS NULL AND s."lastSeenAt" < $3::timestamp`,
    [grantId, now.toISOString(), new Date(now.getTime() - LAST_SEEN_THROTTLE_MS).toISOString()],
  );
}

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * Sessions that ended by expiring or idling (nothing revoked them, so no trigger fired) end their
 * apps too: at most once a minute, each such Session's provider rows go and its logouts are queued,
 * by the same database function the trigger uses. Answers how many Sessions it ended this way.
 */
export async function sweepEndedSessions(now = new Date()): Promise<number> {
  if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return 0;
  lastSweep = now.getTime();
  const [row] = await rawQuery<{ n: number }>(
    `SELECT count(devicekeeper_end_oidc_session(x.id))::int AS n FROM (
       SELECT DISTINCT s.id FROM "OidcPayload" p JOIN "Session" s ON s.id = p."dkSessionId"
        WHERE p.model = 'Session' AND (s."expiresAt" <= $1::timestamp OR s."lastSeenAt" <= $2::timestamp)) x`,
    liveSessionBounds(now),
  );
  return row?.n ?? 0;
}
