import "server-only";
import { rawQuery } from "@/server/db/client";

/**
 * The apps some sessions were signed in to, by name (a jsonb array, sorted): what "also signed out
 * of Team Wiki and Grafana" names when those sessions end. `dkSessionIdIs` picks the sessions, as
 * a condition on the grant's session: `IN (SELECT id FROM s)`, `= ANY($1::uuid[])`. Read it in the
 * statement that ends them, or before: ending a session deletes its grants (the Session trigger).
 */
export const appsOfSessionsSql = (dkSessionIdIs: string) =>
  `(SELECT coalesce(jsonb_agg(DISTINCT c.name ORDER BY c.name), '[]'::jsonb)
      FROM "OidcPayload" g JOIN "OidcClient" c ON c.id = g."clientId"
     WHERE g.model = 'Grant' AND g."dkSessionId" ${dkSessionIdIs})`;

/**
 * The apps signed in now on a user's live sessions — on some of their devices, or on all of them:
 * what a page names before an action that ends those sessions ("They are also signed out of Team Wiki").
 */
export async function appsSignedIn({ userId, deviceIds }: { userId: string; deviceIds?: readonly string[] }): Promise<string[]> {
  const [row] = await rawQuery<{ apps: string[] }>(
    `SELECT ${appsOfSessionsSql(`IN (SELECT id FROM "Session" WHERE "userId" = $1 AND ($2::uuid[] IS NULL OR "deviceId" = ANY($2::uuid[]))
                                   AND "revokedAt" IS NULL AND "expiresAt" > now())`)} AS apps`,
    [userId, deviceIds ?? null],
  );
  return row?.apps ?? [];
}
