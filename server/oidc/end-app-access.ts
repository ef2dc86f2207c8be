import "server-only";
import type { Tx } from "@/server/db/client";

/**
 * Ends an app's access — for one user ("Remove access") or for everyone (the app disabled) — in
 * the caller's transaction: its grants, codes and tokens are deleted (introspection answers
 * `active: false` from the commit on), its authorization leaves every provider session, and a
 * back-channel logout is queued for each of those sessions. Answers how many grants ended.
 */
export async function endAppAccess(tx: Tx, { clientId, userId = null }: { clientId: string; userId?: string | null }): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<{ grants: number }[]>(
    // Data-modifying CTEs all run, whether or not the final SELECT reads them.
    `WITH s AS (SELECT model, id, payload, "dkSessionId" FROM "OidcPayload"
                 WHERE model = 'Session' AND payload->'authorizations' ? $1 AND ($2::uuid IS NULL OR "accountId" = $2::uuid)
                 FOR UPDATE),
          queued AS (INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid, "dkSessionId")
                     SELECT gen_random_uuid(), $1, s.payload->>'accountId', s.payload->'authorizations'->$1->>'sid', s."dkSessionId"
                       FROM s
                      WHERE EXISTS (SELECT 1 FROM "OidcClient" c WHERE c.id = $1 AND c."backchannelLogoutUri" IS NOT NULL)
                     RETURNING 1),
          forgotten AS (UPDATE "OidcPayload" p SET payload = p.payload #- ARRAY['authorizations', $1]
                          FROM s WHERE p.model = s.model AND p.id = s.id RETURNING 1),
          gone AS (DELETE FROM "OidcPayload" WHERE "clientId" = $1 AND model <> 'Session' AND ($2::uuid IS NULL OR "accountId" = $2::uuid)
                   RETURNING model)
     SELECT (SELECT count(*) FROM gone WHERE model = 'Grant')::int AS grants`,
    clientId,
    userId,
  );
  await tx.$executeRaw`SELECT pg_notify('devicekeeper_logout', '')`;
  return row?.grants ?? 0;
}
