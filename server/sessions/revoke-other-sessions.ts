import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { endSessions } from "@/server/sessions/end-sessions";

export type RevokeOtherSessionsInput = { actor: Actor & { sessionId: string }; userId: string };

/** "Sign out all other devices": every live session of the user except the caller's own. */
export async function revokeOtherSessions({ actor, userId }: RevokeOtherSessionsInput) {
  assertMayActFor(actor, userId, "User");
  return db.$transaction(async (tx) => {
    const ended = await endSessions(tx, {
      where: { userId, id: { not: actor.sessionId } },
      reason: "OTHER_SESSIONS_REVOKED",
      now: new Date(),
    });
    if (ended.sessionsEnded) {
      await recordEvent(tx, {
        actorId: actor.userId,
        userId,
        type: "OTHER_SESSIONS_REVOKED",
        context: actor.context,
        detail: { sessionsEnded: ended.sessionsEnded, apps: ended.apps },
      });
    }
    return { changed: ended.sessionsEnded > 0, sessionsEnded: ended.sessionsEnded, endedCurrentSession: false, apps: ended.apps };
  });
}
