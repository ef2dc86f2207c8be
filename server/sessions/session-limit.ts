import "server-only";
import { endSessionsById } from "@/server/sessions/end-sessions";
import type { Tx } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { RequestContext } from "@/server/request-context";

/** The largest per-user session limit an administrator may set (and the smallest is 1). */
export const MAX_SESSION_LIMIT = 100;

/**
 * Ends the user's oldest live sessions beyond `limit` (the newest `limit` stay; `keep`, a session
 * just started, always stays), with reason SESSION_LIMIT — each browser learns why on its devices
 * page — and one audit row with the count. The caller holds the user's row lock, so two sign-ins
 * at once cannot both keep their sessions past the limit.
 */
export async function enforceSessionLimit(
  tx: Tx,
  { userId, limit, keep, now, context }: { userId: string; limit: number; keep?: string; now: Date; context?: RequestContext },
): Promise<number> {
  const live = { userId, revokedAt: null, expiresAt: { gt: now } };
  const excess = await tx.session.findMany({
    where: { ...live, ...(keep && { id: { not: keep } }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: keep ? limit - 1 : limit,
    select: { id: true },
  });
  if (!excess.length) return 0;
  const { sessionsEnded, apps } = await endSessionsById(
    tx,
    excess.map((s) => s.id),
    { reason: "SESSION_LIMIT", now },
  );
  await recordEvent(tx, { actorId: null, userId, type: "SESSION_LIMIT_REACHED", context, detail: { limit, sessionsEnded, apps } });
  return sessionsEnded;
}

/** Locks the user's row for the rest of the transaction and reads their session limit (maxSessions null: none); null: no such user. */
export async function lockSessionLimit(tx: Tx, userId: string): Promise<{ maxSessions: number | null } | null> {
  const [row] = await tx.$queryRaw<
    { maxSessions: number | null }[]
  >`SELECT "maxSessions" FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  return row ?? null;
}
