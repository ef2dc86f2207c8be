import "server-only";
import { countSessionCheck } from "@/server/observability/metrics";
import { z } from "zod";
import { rawQuery, sqlEpochMs } from "@/server/db/client";
import { LAST_SEEN_THROTTLE_MS, sessionPolicy } from "@/server/config";
import { decodeSessionToken } from "@/server/auth/session-token";

// No Next.js imports here: the API router (server/api/router.ts) checks sessions outside Next's
// request scope. Pages and server actions use server/auth/session.ts, which builds on this.

export type AuthSession = {
  sessionId: string;
  userId: string;
  deviceId: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  /** When this session last proved the password or a second factor. */
  verifiedAt: Date;
};

export const sessionIdSchema = z.uuid();

type SessionRow = {
  id: string;
  deviceId: string;
  userId: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  lastSeenMs: number;
  verifiedMs: number;
};

/**
 * Looks the Session row up and says whether it still stands: not revoked, not expired, not idle
 * longer than the policy allows (sessionPolicy), its device not deleted, its user not disabled. This runs on every authenticated request (pages, server
 * actions, the API), so it is one statement; the signed token alone is never trusted.
 * lastSeenAt is refreshed at most once a minute, by one more statement, off the common path.
 */
export async function validateSession(sessionId: unknown, now = new Date()): Promise<AuthSession | null> {
  const id = sessionIdSchema.safeParse(sessionId);
  if (!id.success) {
    countSessionCheck("malformed");
    return null;
  }
  const at = now.toISOString();
  const [row] = await rawQuery<SessionRow>(
    `SELECT s.id, s."deviceId", u.id AS "userId", u.email, u.name, u.role::text AS role,
            ${sqlEpochMs(`s."lastSeenAt"`)} AS "lastSeenMs", ${sqlEpochMs(`s."verifiedAt"`)} AS "verifiedMs"
       FROM "Session" s
       JOIN "Device" d ON d.id = s."deviceId" AND d."deletedAt" IS NULL
       JOIN "User" u ON u.id = s."userId" AND u."disabledAt" IS NULL
      WHERE s.id = $1::uuid AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamp AND s."lastSeenAt" > $3::timestamp`,
    [id.data, at, new Date(now.getTime() - sessionPolicy().idleMs).toISOString()],
  );
  countSessionCheck(row ? "valid" : "ended");
  if (!row) return null;
  if (now.getTime() - row.lastSeenMs >= LAST_SEEN_THROTTLE_MS) {
    // Conditional on the value we read, so concurrent requests write once; session and device together.
    await rawQuery(
      `WITH s AS (UPDATE "Session" SET "lastSeenAt" = $2::timestamp
                   WHERE id = $1::uuid AND "lastSeenAt" = to_timestamp($3::float8 / 1000) AT TIME ZONE 'UTC'
                   RETURNING "deviceId")
       UPDATE "Device" d SET "lastSeenAt" = $2::timestamp FROM s WHERE d.id = s."deviceId"`,
      [row.id, at, row.lastSeenMs],
    );
  }
  return {
    sessionId: row.id,
    userId: row.userId,
    deviceId: row.deviceId,
    email: row.email,
    name: row.name,
    role: row.role,
    verifiedAt: new Date(row.verifiedMs),
  };
}

/** Reads the session token of the current request and validates its Session row. */
export async function readSessionToken(token: string | undefined): Promise<AuthSession | null> {
  if (!token) return null;
  const payload = await decodeSessionToken(token);
  return validateSession(payload?.sid);
}
