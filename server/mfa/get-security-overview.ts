import "server-only";
import { rawQuery, sqlEpochMs } from "@/server/db/client";
import type { SecurityOverview } from "@/lib/security";

type Row = {
  mfaSkip: SecurityOverview["mfaSkip"];
  authenticators: {
    id: string;
    kind: string;
    name: string;
    createdAt: number;
    lastUsedAt: number | null;
    deviceName: string | null;
    pushReachable: boolean;
  }[];
  remaining: number;
  total: number;
  temporaryAccessCode: { createdAt: number; expiresAt: number; issuedBy: string | null } | null;
};

// One statement (the devices list, a device's page, /security and the admin's user page read it on
// every render): five Prisma queries before, each compiled by Prisma's query compiler per call.
// A push authenticator is reachable with both its sealed token and its platform id
// (isPushReachable in server/mfa/push-sign-in.ts says the same of a row).
const OVERVIEW_SQL = `
  SELECT u."mfaSkip"::text AS "mfaSkip",
         coalesce((SELECT json_agg(json_build_object(
                            'id', a.id, 'kind', a.kind::text, 'name', a.name,
                            'createdAt', ${sqlEpochMs(`a."createdAt"`)}, 'lastUsedAt', ${sqlEpochMs(`a."lastUsedAt"`)},
                            'deviceName', CASE WHEN d."deletedAt" IS NULL THEN d.name END,
                            'pushReachable', a.kind = 'PUSH' AND a."pushTokenEnc" IS NOT NULL AND a."platformDeviceId" IS NOT NULL)
                          ORDER BY a."createdAt", a.id)
                     FROM "Authenticator" a LEFT JOIN "Device" d ON d.id = a."deviceId"
                    WHERE a."userId" = u.id), '[]') AS authenticators,
         (SELECT count(*) FILTER (WHERE "usedAt" IS NULL) FROM "RecoveryCode" WHERE "userId" = u.id)::int AS remaining,
         (SELECT count(*) FROM "RecoveryCode" WHERE "userId" = u.id)::int AS total,
         (SELECT json_build_object('createdAt', ${sqlEpochMs(`t."createdAt"`)}, 'expiresAt', ${sqlEpochMs(`t."expiresAt"`)}, 'issuedBy', i.name)
            FROM "TemporaryAccessCode" t LEFT JOIN "User" i ON i.id = t."createdById"
           WHERE t."userId" = u.id AND t."usedAt" IS NULL AND t."expiresAt" > $2::timestamp
           ORDER BY t."createdAt" DESC LIMIT 1) AS "temporaryAccessCode"
    FROM "User" u
   WHERE u.id = $1::uuid`;

const iso = (ms: number) => new Date(ms).toISOString();

/** The user's authenticators (names and dates only), how many recovery codes are left, their skip option and any live temporary access code. */
export async function getSecurityOverview(userId: string, now = new Date()): Promise<SecurityOverview> {
  const [row] = await rawQuery<Row>(OVERVIEW_SQL, [userId, now.toISOString()]);
  if (!row) throw new Error("User not found");
  return {
    authenticators: row.authenticators.map((a) => ({
      id: a.id,
      kind: a.kind as SecurityOverview["authenticators"][number]["kind"],
      name: a.name,
      createdAt: iso(a.createdAt),
      lastUsedAt: a.lastUsedAt === null ? null : iso(a.lastUsedAt),
      deviceName: a.deviceName,
      pushReachable: a.pushReachable,
    })),
    recoveryCodes: { remaining: row.remaining, total: row.total },
    mfaSkip: row.mfaSkip,
    temporaryAccessCode: row.temporaryAccessCode && {
      createdAt: iso(row.temporaryAccessCode.createdAt),
      expiresAt: iso(row.temporaryAccessCode.expiresAt),
      issuedBy: row.temporaryAccessCode.issuedBy,
    },
  };
}
