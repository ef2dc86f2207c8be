import "server-only";
import { countRevocations } from "@/server/observability/metrics";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { RequestContext } from "@/server/request-context";

export type SignOutInput = { sessionId: string; userId: string; context: RequestContext };

/** Ends the caller's own session. Safe to repeat: an already-ended session changes nothing. */
export async function signOut({ sessionId, userId, context }: SignOutInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const now = new Date();
    const session = await tx.session.findFirst({ where: { id: sessionId, userId }, select: { deviceId: true } });
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: now, revokedReason: "SIGNED_OUT" },
    });
    countRevocations("SIGNED_OUT", count);
    if (count) await recordEvent(tx, { actorId: userId, userId, deviceId: session?.deviceId, type: "SIGN_OUT", context });
  });
}
