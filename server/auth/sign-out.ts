import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { endSessionsById } from "@/server/sessions/end-sessions";
import type { RequestContext } from "@/server/request-context";

export type SignOutInput = { sessionId: string; userId: string; context: RequestContext };

/**
 * Ends the caller's own session, and with it the apps signed in on it (named in the history row).
 * Safe to repeat: an already-ended session changes nothing.
 */
export async function signOut({ sessionId, userId, context }: SignOutInput): Promise<{ apps: string[] }> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const session = await tx.session.findFirst({ where: { id: sessionId, userId }, select: { deviceId: true } });
    if (!session) return { apps: [] };
    const { sessionsEnded, apps } = await endSessionsById(tx, [sessionId], { reason: "SIGNED_OUT", now });
    if (sessionsEnded)
      await recordEvent(tx, { actorId: userId, userId, deviceId: session.deviceId, type: "SIGN_OUT", context, detail: { apps } });
    return { apps };
  });
}
