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

type AppsRow = { apps: string[] };

/**
 * Revokes the matching live sessions; says how many ended, whether the caller's was one, and the
 * apps they were signed in to (by name: they are signed out of those too).
 */
export async function endSessions(tx: Tx, { where, reason, now, currentSessionId }: EndSessionsInput) {
  const live: Prisma.SessionWhereInput = { AND: [where, { revokedAt: null, expiresAt: { gt: now } }] };
  const ids = (await tx.session.findMany({ where: live, select: { id: true } })).map((s) => s.id);
  if (!ids.length) return { sessionsEnded: 0, endedCurrentSession: false, apps: [] as string[] };
  // Before they end: ending a session deletes its grants.
  const [row] = await tx.$queryRawUnsafe<AppsRow[]>(`SELECT ${appsOfSessionsSql("= ANY($1::uuid[])")} AS apps`, ids);
  const { count } = await tx.session.updateMany({
    where: { id: { in: ids }, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  countRevocations(reason, count);
  return { sessionsEnded: count, endedCurrentSession: !!currentSessionId && ids.includes(currentSessionId), apps: row?.apps ?? [] };
}
