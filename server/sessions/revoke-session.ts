import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { notFound } from "@/server/errors";
import { endSessions } from "@/server/sessions/end-sessions";
import { sessionIdSchema } from "@/lib/validation/devices";

export type RevokeSessionInput = { actor: Actor; userId: string; sessionId: string };

/** Ends one of the user's sessions. Ending an already-ended one changes nothing; another user's is "not found". */
export async function revokeSession({ actor, userId, sessionId }: RevokeSessionInput) {
  assertMayActFor(actor, userId, "Session");
  if (!sessionIdSchema.safeParse(sessionId).success) throw notFound("Session");
  return db.$transaction(async (tx) => {
    const session = await tx.session.findFirst({
      where: { id: sessionId, userId, device: { deletedAt: null } },
      select: { id: true, deviceId: true, device: { select: { name: true } } },
    });
    if (!session) throw notFound("Session");
    const ended = await endSessions(tx, {
      where: { id: session.id, userId },
      reason: "SESSION_REVOKED",
      now: new Date(),
      currentSessionId: actor.sessionId,
    });
    if (ended.sessionsEnded) {
      await recordEvent(tx, {
        actorId: actor.userId,
        userId,
        deviceId: session.deviceId,
        type: "SESSION_REVOKED",
        context: actor.context,
        detail: { deviceName: session.device.name, sessionsEnded: 1, apps: ended.apps },
      });
    }
    return { changed: ended.sessionsEnded > 0, ...ended };
  });
}
