import "server-only";
import { countRevocations } from "@/server/observability/metrics";
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

/** Revokes the matching live sessions; says how many ended and whether the caller's was one. */
export async function endSessions(tx: Tx, { where, reason, now, currentSessionId }: EndSessionsInput) {
  const live: Prisma.SessionWhereInput = { AND: [where, { revokedAt: null, expiresAt: { gt: now } }] };
  const endedCurrentSession = !!currentSessionId && (await tx.session.count({ where: { AND: [live, { id: currentSessionId }] } })) > 0;
  const { count } = await tx.session.updateMany({ where: live, data: { revokedAt: now, revokedReason: reason } });
  countRevocations(reason, count);
  return { sessionsEnded: count, endedCurrentSession };
}
