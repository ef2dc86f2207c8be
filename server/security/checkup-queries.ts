import "server-only";
import { rawQuery, sqlEpochMs } from "@/server/db/client";
import { DAY_MS } from "@/server/config";
import { STALE_DEVICE_DAYS, UNUSUAL_SIGN_IN_DAYS } from "@/lib/security-checkup";

/** The security checkup's reads (server/security/security-checkup.ts): one statement for the devices, one for the history. */

export type DeviceRow = {
  id: string;
  name: string;
  place: string | null;
  seenMs: number;
  lastSeenMs: number | null;
  sinceMs: number;
  recognizedMs: number | null;
  invalidated: boolean;
  trusted: boolean;
  live: boolean;
};

// A device's activity: the last request, else its last sign-in, else its creation. "since": when it
// became new — its creation, or its sign-in after an invalidation (to-device-summary.ts's isNew).
const DEVICES_SQL = `
  SELECT d.id, d.name, d."lastLocation" AS place,
         ${sqlEpochMs(`coalesce(d."lastSeenAt", d."authenticatedAt", d."createdAt")`)} AS "seenMs",
         ${sqlEpochMs(`d."lastSeenAt"`)} AS "lastSeenMs",
         ${sqlEpochMs(`CASE WHEN inv THEN d."createdAt" ELSE coalesce(d."reestablishedAt", d."createdAt") END`)} AS "sinceMs",
         ${sqlEpochMs(`d."recognizedAt"`)} AS "recognizedMs",
         inv AS invalidated,
         d."trustedAt" IS NOT NULL OR d."rememberedUntil" IS NOT NULL AS trusted,
         EXISTS (SELECT 1 FROM "Session" s WHERE s."deviceId" = d.id AND s."userId" = $1::uuid
                   AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamp) AS live
    FROM "Device" d
   CROSS JOIN LATERAL (SELECT d."invalidatedAt" IS NOT NULL
                              AND (d."reestablishedAt" IS NULL OR d."reestablishedAt" < d."invalidatedAt") AS inv) i
   WHERE d."userId" = $1::uuid AND d."deletedAt" IS NULL
   ORDER BY d."createdAt", d.id`;

/** What answers an unusual sign-in: "This was me" / "This wasn't me", or the device signed out, removed or lost after it. */
const REVIEWED = ["DEVICE_RECOGNIZED", "DEVICE_NOT_RECOGNIZED", "DEVICE_UNTRUSTED", "DEVICE_INVALIDATED", "DEVICE_DELETED", "DEVICE_LOST"]
  .map((t) => `'${t}'`)
  .join(", ");

export type AuditRow = {
  unusual: { deviceId: string; name: string; place: string | null; atMs: number }[];
  reportedMs: number | null;
  passwordMs: number | null;
};

// The latest unanswered unusual-country sign-in per device still on the account, and the last
// "This wasn't me" against the last password change or reset. Both read (userId, createdAt) or
// (deviceId) indexes.
const AUDIT_SQL = `
  WITH unusual AS (
    SELECT DISTINCT ON (e."deviceId") e."deviceId", d.name, e.detail->>'location' AS place, e."createdAt"
      FROM "AuditEvent" e JOIN "Device" d ON d.id = e."deviceId" AND d."userId" = $1::uuid AND d."deletedAt" IS NULL
     WHERE e."userId" = $1::uuid AND e.type = 'SIGN_IN' AND e.detail->>'unusualCountry' = 'true' AND e."createdAt" > $2::timestamp
       AND NOT EXISTS (SELECT 1 FROM "AuditEvent" r
                        WHERE r."deviceId" = e."deviceId" AND r."userId" = $1::uuid AND r."createdAt" >= e."createdAt"
                          AND r.type IN (${REVIEWED}))
     ORDER BY e."deviceId", e."createdAt" DESC)
  SELECT (SELECT coalesce(json_agg(json_build_object('deviceId', u."deviceId", 'name', u.name, 'place', u.place,
                                                     'atMs', ${sqlEpochMs(`u."createdAt"`)}) ORDER BY u."createdAt" DESC), '[]')
            FROM unusual u) AS unusual,
         (SELECT ${sqlEpochMs(`max("createdAt")`)} FROM "AuditEvent"
           WHERE "userId" = $1::uuid AND type = 'DEVICE_NOT_RECOGNIZED') AS "reportedMs",
         (SELECT ${sqlEpochMs(`max("createdAt")`)} FROM "AuditEvent"
           WHERE "userId" = $1::uuid AND type IN ('PASSWORD_CHANGED', 'PASSWORD_RESET')) AS "passwordMs"`;

/** The user's devices still on the account, with what the checkup asks of each. */
export const readCheckupDevices = (userId: string, now: Date) => rawQuery<DeviceRow>(DEVICES_SQL, [userId, now.toISOString()]);

/** Unanswered unusual-country sign-ins of the last 90 days, the last "This wasn't me" and the last password change. */
export async function readCheckupHistory(userId: string, now: Date): Promise<AuditRow> {
  const [row] = await rawQuery<AuditRow>(AUDIT_SQL, [userId, new Date(now.getTime() - UNUSUAL_SIGN_IN_DAYS * DAY_MS).toISOString()]);
  return row!;
}

/** Not the browser in hand, not seen for 90 days, and signing it out would change something (a live session, trust or "remember me"). */
export function staleDevices(devices: DeviceRow[], { currentDeviceId, now }: { currentDeviceId: string | null; now: Date }): DeviceRow[] {
  const before = now.getTime() - STALE_DEVICE_DAYS * DAY_MS;
  return devices.filter((d) => d.id !== currentDeviceId && d.seenMs < before && (d.live || d.trusted));
}

/** The stale devices among `deviceIds`, for signing them out (server/devices/sign-out-stale-devices.ts). */
export async function findStaleDevices({
  userId,
  deviceIds,
  currentDeviceId,
  now,
}: {
  userId: string;
  deviceIds: readonly string[];
  currentDeviceId: string | null;
  now: Date;
}): Promise<{ id: string; name: string }[]> {
  const devices = await readCheckupDevices(userId, now);
  return staleDevices(devices, { currentDeviceId, now }).filter((d) => deviceIds.includes(d.id));
}
