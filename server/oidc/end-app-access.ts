import "server-only";
import type { Tx } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { auditInsertParams, auditInsertSql } from "@/server/audit/audit-insert-sql";

/** Why an administrator's change to an app ended everyone's access to it, as each user's history says. */
export type AppWideEnd = { actor: Actor; appName: string; cause: "disabled" | "deleted" | "made-public" | "made-confidential" };

/**
 * Ends an app's access — for one user ("Remove access") or for everyone (the app disabled, deleted,
 * or changed between confidential and public) — in the caller's transaction: its grants, codes and
 * tokens are deleted (introspection answers `active: false` from the commit on), its authorization
 * leaves every provider session, and a back-channel logout is queued for each of those sessions.
 * For everyone (`appWide`), each user whose access ended gets an APP_ACCESS_REMOVED row in their
 * history, in the same statement (the caller records a single user's). Answers how many grants ended.
 */
export async function endAppAccess(
  tx: Tx,
  { clientId, userId = null, appWide }: { clientId: string; userId?: string | null; appWide?: AppWideEnd },
): Promise<number> {
  const audited = appWide
    ? `, audited AS (${auditInsertSql(
        {
          userId: `u."accountId"`,
          detail: `jsonb_build_object('clientId', $1::text, 'appName', $3::text, 'cause', $4::text, 'grantsEnded', u.n)`,
          at: `$5::timestamp`,
          // Only accounts that still exist (the audit row's userId is a foreign key; a grant's accountId is not).
          from: `FROM (SELECT g."accountId", count(*)::int AS n FROM gone g JOIN "User" x ON x.id = g."accountId"
                        WHERE g.model = 'Grant' GROUP BY g."accountId") u`,
        },
        6,
      )} RETURNING 1)`
    : "";
  const params: unknown[] = [clientId, userId];
  if (appWide)
    params.push(
      appWide.appName,
      appWide.cause,
      new Date().toISOString(),
      ...auditInsertParams({ actorId: appWide.actor.userId, type: "APP_ACCESS_REMOVED", context: appWide.actor.context }),
    );
  const [row] = await tx.$queryRawUnsafe<{ grants: number }[]>(
    // Data-modifying CTEs all run, whether or not the final SELECT reads them.
    `WITH s AS (SELECT model, id, payload, "dkSessionId" FROM "OidcPayload"
                 WHERE model = 'Session' AND payload->'authorizations' ? $1 AND ($2::uuid IS NULL OR "accountId" = $2::uuid)
                 FOR UPDATE),
          queued AS (INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid, "dkSessionId", uri)
                     SELECT gen_random_uuid(), $1, s.payload->>'accountId', s.payload->'authorizations'->$1->>'sid', s."dkSessionId",
                            c."backchannelLogoutUri"
                       FROM s JOIN "OidcClient" c ON c.id = $1 AND c."backchannelLogoutUri" IS NOT NULL
                     RETURNING 1),
          forgotten AS (UPDATE "OidcPayload" p SET payload = p.payload #- ARRAY['authorizations', $1]
                          FROM s WHERE p.model = s.model AND p.id = s.id RETURNING 1),
          gone AS (DELETE FROM "OidcPayload" WHERE "clientId" = $1 AND model <> 'Session' AND ($2::uuid IS NULL OR "accountId" = $2::uuid)
                   RETURNING model, "accountId")${audited}
     SELECT (SELECT count(*) FROM gone WHERE model = 'Grant')::int AS grants`,
    ...params,
  );
  await tx.$executeRaw`SELECT pg_notify('devicekeeper_logout', '')`;
  return row?.grants ?? 0;
}
