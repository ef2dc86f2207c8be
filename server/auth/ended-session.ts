import "server-only";
import { rawQuery } from "@/server/db/client";
import { liveSessionBounds } from "@/server/config";
import { decodeSessionToken } from "@/server/auth/session-token";
import { sessionIdSchema } from "@/server/auth/validate-session";

/**
 * Why the session this browser's cookie names is no longer valid, in words for the sign-in page:
 * "You were signed out from another device." / "…by an administrator." / "Your session expired."
 * Null when there is no such cookie, the session is fine, or the user signed out here (their own
 * choice needs no explanation). Who ended it comes from the audit row written with the change.
 */
export async function endedSessionNotice(token: string | undefined, now = new Date()): Promise<string | null> {
  if (!token) return null;
  const sid = (await decodeSessionToken(token))?.sid;
  if (!sessionIdSchema.safeParse(sid).success) return null;
  const [row] = await rawQuery<{ reason: string | null; expired: boolean; disabled: boolean; deviceDeleted: boolean; byAdmin: boolean }>(
    `SELECT s."revokedReason"::text AS reason,
            s."revokedAt" IS NULL AND (s."expiresAt" <= $2::timestamp OR s."lastSeenAt" <= $3::timestamp) AS expired,
            u."disabledAt" IS NOT NULL AS disabled, d."deletedAt" IS NOT NULL AS "deviceDeleted",
            coalesce((SELECT a."actorId" IS DISTINCT FROM s."userId" FROM "AuditEvent" a
                       WHERE a."userId" = s."userId" AND a."createdAt" = s."revokedAt" LIMIT 1), false) AS "byAdmin"
       FROM "Session" s JOIN "User" u ON u.id = s."userId" JOIN "Device" d ON d.id = s."deviceId"
      WHERE s.id = $1::uuid`,
    [sid, ...liveSessionBounds(now)],
  );
  if (!row) return null;
  if (row.disabled || row.reason === "USER_DISABLED") return "Your account was disabled by an administrator.";
  if (row.reason === "SIGNED_OUT") return null;
  if (row.reason === "ADMIN_REVOKED" || (row.reason && row.byAdmin)) return "You were signed out by an administrator.";
  if (row.reason === "PASSWORD_CHANGED") return "You were signed out because your password was changed.";
  if (row.reason === "SESSION_LIMIT")
    return "You were signed out: your account may only be signed in on a limited number of devices at once.";
  if (row.reason) return "You were signed out from another device.";
  if (row.deviceDeleted) return "This device was removed from your account.";
  if (row.expired) return "Your session expired. Sign in again.";
  return null;
}
