import "server-only";
import { fromEpochMs, rawQuery, sqlEpochMs } from "@/server/db/client";
import type { DeviceSummary } from "@/lib/devices";
import { SESSIONS_PER_DEVICE, toDeviceSummary, type DeviceRow } from "@/server/devices/to-device-summary";

export type ListDevicesInput = {
  userId: string;
  currentDeviceId: string | null;
  currentSessionId?: string | null;
  /** Only this device (still the user's own: both ids are in the where). */
  deviceId?: string;
};

const DEVICE_DATES = [
  "createdAt",
  "authenticatedAt",
  "lastSeenAt",
  "trustedAt",
  "rememberedUntil",
  "invalidatedAt",
  "reestablishedAt",
  "recognizedAt",
  "lostAt",
] as const;
const SESSION_DATES = ["createdAt", "lastSeenAt", "expiresAt", "revokedAt"] as const;

type Raw = Omit<DeviceRow, (typeof DEVICE_DATES)[number] | "sessions"> &
  Record<(typeof DEVICE_DATES)[number], number | null> & {
    sessions: (Omit<DeviceRow["sessions"][number], (typeof SESSION_DATES)[number]> &
      Record<(typeof SESSION_DATES)[number], number | null>)[];
  };

/**
 * The user's devices that are not deleted, most recently active first, each with its most
 * relevant sessions (live first, then the latest ended), the second factors enrolled on it and the
 * apps signed in through its live sessions —
 * one statement (the page, its 30-second refresh and the admin view all read it).
 */
export async function listDevices({
  userId,
  currentDeviceId,
  currentSessionId = null,
  deviceId,
}: ListDevicesInput): Promise<DeviceSummary[]> {
  const rows = await rawQuery<Raw>(
    `SELECT d.id, d.name, d.type::text AS type, d.os, d.browser, d."userAgent", d."lastIp", d."lastLocation",
            ${DEVICE_DATES.map((c) => `${sqlEpochMs(`d."${c}"`)} AS "${c}"`).join(", ")},
            coalesce((SELECT json_agg(json_build_object('id', s.id, 'ip', s.ip, 'location', s.location, 'revokedReason', s."revokedReason",
                                                        'apps', (SELECT coalesce(json_agg(DISTINCT c.name), '[]') FROM "OidcPayload" g
                                                                   JOIN "OidcClient" c ON c.id = g."clientId"
                                                                  WHERE g."dkSessionId" = s.id AND g.model = 'Grant'),
                                                        ${SESSION_DATES.map((c) => `'${c}', ${sqlEpochMs(`s."${c}"`)}`).join(", ")})
                                      ORDER BY s."revokedAt" DESC NULLS FIRST, s."lastSeenAt" DESC)
                        FROM (SELECT * FROM "Session" WHERE "deviceId" = d.id
                               ORDER BY "revokedAt" DESC NULLS FIRST, "lastSeenAt" DESC LIMIT ${SESSIONS_PER_DEVICE}) s), '[]') AS sessions,
            coalesce((SELECT json_agg(json_build_object('id', a.id, 'kind', a.kind, 'name', a.name) ORDER BY a."createdAt")
                        FROM "Authenticator" a WHERE a."deviceId" = d.id), '[]') AS authenticators,
            coalesce((SELECT json_agg(DISTINCT c.name)
                        FROM "Session" s
                        JOIN "OidcPayload" g ON g."dkSessionId" = s.id AND g.model = 'Grant'
                        JOIN "OidcClient" c ON c.id = g."clientId"
                       WHERE s."deviceId" = d.id AND s."revokedAt" IS NULL), '[]') AS apps
       FROM "Device" d
      WHERE d."userId" = $1::uuid AND d."deletedAt" IS NULL${deviceId ? ` AND d.id = $2::uuid` : ""}
      ORDER BY d."lastSeenAt" DESC NULLS LAST, d."createdAt" DESC`,
    deviceId ? [userId, deviceId] : [userId],
  );
  const now = new Date();
  return rows.map((r) =>
    toDeviceSummary(
      {
        ...r,
        createdAt: new Date(r.createdAt!),
        authenticatedAt: fromEpochMs(r.authenticatedAt),
        lastSeenAt: fromEpochMs(r.lastSeenAt),
        trustedAt: fromEpochMs(r.trustedAt),
        rememberedUntil: fromEpochMs(r.rememberedUntil),
        invalidatedAt: fromEpochMs(r.invalidatedAt),
        reestablishedAt: fromEpochMs(r.reestablishedAt),
        recognizedAt: fromEpochMs(r.recognizedAt),
        lostAt: fromEpochMs(r.lostAt),
        sessions: r.sessions.map((s) => ({
          ...s,
          createdAt: new Date(s.createdAt!),
          lastSeenAt: new Date(s.lastSeenAt!),
          expiresAt: new Date(s.expiresAt!),
          revokedAt: fromEpochMs(s.revokedAt),
        })),
      },
      { deviceId: currentDeviceId, sessionId: currentSessionId },
      now,
    ),
  );
}
