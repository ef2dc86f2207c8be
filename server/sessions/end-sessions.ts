import "server-only";
import { countRevocations } from "@/server/observability/metrics";
import { appsOfSessionsSql } from "@/server/sessions/apps-of-sessions";
import type { Tx } from "@/server/db/client";
import type { Prisma, SessionRevokedReason } from "@/prisma/generated/client";

export type EndSessionsInput = {
  /** Which sessions; callers always include the owner (userId or a device they locked). */
  where: Prisma.SessionWhereInput;
  reason: SessionRevokedReason;
  now: Date;
  /** The caller's own session, to report whether this browser is being signed out. */
  currentSessionId?: string;
};

type Ended = { ended: number; endedCurrent: boolean; apps: string[] };

/**
 * Revokes the matching live sessions; says how many ended, whether the caller's was one, and the
 * apps they were signed in to (by name: they are signed out of those too) — all three read from
 * the one statement that ends them, so a concurrent revocation of the same sessions cannot make
 * them disagree. It sees the grants as they were before: the Session trigger that deletes them
 * runs at the end of that statement.
 */
export async function endSessions(tx: Tx, { where, reason, now, currentSessionId }: EndSessionsInput) {
  const live: Prisma.SessionWhereInput = { AND: [where, { revokedAt: null, expiresAt: { gt: now } }] };
  const ids = (await tx.session.findMany({ where: live, select: { id: true } })).map((s) => s.id);
  return endSessionsById(tx, ids, { reason, now, currentSessionId });
}

/** endSessions for sessions the caller has already picked (the session limit's oldest): those of `ids` still live end. */
export async function endSessionsById(
  tx: Tx,
  ids: string[],
  { reason, now, currentSessionId }: Omit<EndSessionsInput, "where">,
): Promise<{ sessionsEnded: number; endedCurrentSession: boolean; apps: string[] }> {
  if (!ids.length) return { sessionsEnded: 0, endedCurrentSession: false, apps: [] };
  const [row] = await tx.$queryRawUnsafe<Ended[]>(
    `WITH s AS (UPDATE "Session" SET "revokedAt" = $2::timestamp, "revokedReason" = $3::"SessionRevokedReason"
                 WHERE id = ANY($1::uuid[]) AND "revokedAt" IS NULL AND "expiresAt" > $2::timestamp RETURNING id)
     SELECT count(*)::int AS ended, coalesce(bool_or(id = $4::uuid), false) AS "endedCurrent",
            ${appsOfSessionsSql("IN (SELECT id FROM s)")} AS apps
       FROM s`,
    ids,
    now.toISOString(),
    reason,
    currentSessionId ?? null,
  );
  const sessionsEnded = row?.ended ?? 0;
  countRevocations(reason, sessionsEnded);
  return { sessionsEnded, endedCurrentSession: row?.endedCurrent ?? false, apps: row?.apps ?? [] };
}
