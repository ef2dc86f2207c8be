import "server-only";
import { rawQuery, sqlIsoText } from "@/server/db/client";
import { sessionPolicy } from "@/server/config";

/**
 * The /settings/devices API's list as its JSON body, `{"devices":[…]}`: the user's devices (not deleted), most
 * recently active first, with a count of live sessions instead of the sessions themselves. One
 * statement, and Postgres builds the JSON (API clients poll this; see bench/peers). The shape is
 * lib/api/schemas.ts's SettingsDeviceList, checked against the OpenAPI document by the contract tests.
 */
export async function listDevicesOverviewJson({
  userId,
  currentDeviceId,
  now = new Date(),
}: {
  userId: string;
  currentDeviceId: string | null;
  now?: Date;
}): Promise<string> {
  // row_to_json writes compact JSON with the columns in this order; json_build_object would pad " : ".
  const [row] = await rawQuery<{ body: string }>(
    `SELECT '{"devices":[' || coalesce(string_agg(row_to_json(x)::text, ',' ORDER BY d."lastSeenAt" DESC NULLS LAST, d."createdAt" DESC), '') || ']}' AS body
       FROM "Device" d
       CROSS JOIN LATERAL (
         SELECT d.id AS "deviceId", d.name, d.type, d.os, d.browser, d."lastIp", d."lastLocation" AS location,
                ${sqlIsoText(`d."createdAt"`)} AS "createdAt", ${sqlIsoText(`d."lastSeenAt"`)} AS "lastSeenAt",
                d."trustedAt" IS NOT NULL OR coalesce(d."rememberedUntil" > $2::timestamp, false) AS trusted,
                (SELECT count(*)::int FROM "Session" s
                  WHERE s."deviceId" = d.id AND s."revokedAt" IS NULL AND s."expiresAt" > $2::timestamp
                    AND s."lastSeenAt" > $4::timestamp) AS "activeSessions",
                coalesce(d.id = $3::uuid, false) AS current) x
      WHERE d."userId" = $1::uuid AND d."deletedAt" IS NULL`,
    [userId, now.toISOString(), currentDeviceId, new Date(now.getTime() - sessionPolicy().idleMs).toISOString()],
  );
  return row!.body;
}
