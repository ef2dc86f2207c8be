import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";
import { assertAdmin } from "@/server/auth/assert-admin";

/**
 * "End it now": the user's live temporary access code stops working at once, audited in the same
 * transaction. Nothing live: `ended` false and no audit row (a second click changes nothing).
 */
export async function endTemporaryAccessCode({ actor, userId }: { actor: Actor; userId: string }): Promise<{ ended: boolean }> {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw notFound("User");
    const now = new Date();
    const { count } = await tx.temporaryAccessCode.updateMany({
      where: { userId, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    if (count) await recordEvent(tx, { actorId: actor.userId, userId, type: "ADMIN_ENDED_TEMPORARY_ACCESS_CODE", context: actor.context });
    return { ended: count > 0 };
  });
}
