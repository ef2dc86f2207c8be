import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";
import { assertAdmin } from "@/server/auth/assert-admin";
import { enforceSessionLimit, lockSessionLimit } from "@/server/sessions/session-limit";

export type SetSessionLimitInput = { actor: Actor; userId: string; maxSessions: number | null };

/**
 * An administrator limits how many sessions a user may have at once (null: no limit). It applies
 * at once — the user's oldest live sessions beyond it end — and at every later sign-in.
 */
export async function setSessionLimit({ actor, userId, maxSessions }: SetSessionLimitInput) {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    const row = await lockSessionLimit(tx, userId);
    if (!row) throw notFound("User");
    if (row.maxSessions === maxSessions) return { changed: false, sessionsEnded: 0 };
    await tx.user.update({ where: { id: userId }, data: { maxSessions } });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: "ADMIN_SET_SESSION_LIMIT",
      context: actor.context,
      detail: { from: row.maxSessions, to: maxSessions },
    });
    const sessionsEnded =
      maxSessions === null ? 0 : await enforceSessionLimit(tx, { userId, limit: maxSessions, now: new Date(), context: actor.context });
    return { changed: true, sessionsEnded };
  });
}
