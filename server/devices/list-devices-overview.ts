import "server-only";
import { rawQuery } from "@/server/db";
import { sessionPolicy } from "@/server/config";

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Seed 003's list as its JSON body, `{"devices":[…]}`: the user's devices (not deleted), most
 * recently active first, with a count of live sessions instead of the sessions themselves. One
 * statement, and Postgres builds the JSON (API clients poll this; see bench/peers). The shape is
 * lib/api/schemas.ts's SettingsDeviceList, checked against the OpenAPI document by the contract tests.
 */
export async function listDevicesOverviewJson({ userId, currentDeviceId, now = new Date() }: { userId: string; currentDeviceId: string | null; now?: Date }): Promise<string> {
  const [row] = await rawQuery<{ body: string }>(
    `SELECT json_build_object('devices', coalesce(json_agg(json_build_object(
              'deviceId', d.id, 'name', d.name, 'type', d.type, 'os', d.os, 'browser', d.browser, 'lastIp', d."lastIp",
              'createdAt', to_char(d."createdAt", ${ISO}), 'lastSeenAt', to_char(d."lastSeenAt", ${ISO}),
              'trusted', d."trustedAt" IS NOT NULL OR coalesce(d."rememberedUntil" > $2::timestamp, false),
              'activeSessions', (SELECT count(*) FROM "Session" s
                                  WHERE s."deviceId" = d.id AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamp
                                    AND s."lastSeenAt" > $4::timestamp),
              'current', coalesce(d.id = $3::uuid, false)
            ) ORDER BY d."lastSeenAt" DESC NULLS LAST, d."createdAt" DESC), '[]'::json))::text AS body
       FROM "Device" d
      WHERE d."userId" = $1::uuid AND d."deletedAt" IS NULL`,
    [userId, now.toISOString(), currentDeviceId, new Date(now.getTime() - sessionPolicy().idleMs).toISOString()],
  );
  return row!.body;
}
