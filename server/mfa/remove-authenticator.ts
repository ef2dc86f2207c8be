import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { notFound } from "@/server/errors";
import { authenticatorIdSchema } from "@/lib/validation/security";

/** Removes one of the user's authenticators. Another user's, or a missing one, is "not found". */
export async function removeAuthenticator({ actor, userId, authenticatorId }: { actor: Actor; userId: string; authenticatorId: string }) {
  assertMayActFor(actor, userId, "Authenticator");
  if (!authenticatorIdSchema.safeParse(authenticatorId).success) throw notFound("Authenticator");
  return db.$transaction(async (tx) => {
    const found = await tx.authenticator.findFirst({
      where: { id: authenticatorId, userId },
      select: { id: true, kind: true, name: true, deviceId: true },
    });
    if (!found) throw notFound("Authenticator");
    const { count } = await tx.authenticator.deleteMany({ where: { id: found.id, userId } });
    if (!count) throw notFound("Authenticator");
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      deviceId: found.deviceId,
      type: found.kind === "TOTP" ? "TOTP_REMOVED" : "AUTHENTICATOR_REMOVED",
      context: actor.context,
      detail: { name: found.name, kind: found.kind },
    });
    return { kind: found.kind, name: found.name };
  });
}
