import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { AppError, notFound } from "@/server/errors";
import { assertAdmin } from "@/server/auth/assert-admin";
import { temporaryAccessCodeMinutes } from "@/server/config";
import { hashTemporaryAccessCode, newTemporaryAccessCode } from "@/server/mfa/temporary-access-code";

export type IssuedTemporaryAccessCode = {
  /** The code itself: returned this once, to be handed to the user; only its hash is kept. */
  code: string;
  expiresAt: Date;
  /** Whether a live earlier code was ended by this one. */
  replaced: boolean;
};

/**
 * "Issue a temporary access code" (Microsoft Entra's Temporary Access Pass): for a user who lost
 * their second factors, a code that passes the second step of sign-in once, within
 * TEMPORARY_ACCESS_CODE_MINUTES, and takes them to setting up a new factor. In one transaction:
 * any live earlier code ends, the new one is stored hashed, and one audit row records it — whose
 * trigger queues the notice email to the user (never the code). Refused for the administrator's own
 * account (another administrator must vouch for them) and for a disabled user.
 */
export async function issueTemporaryAccessCode({ actor, userId }: { actor: Actor; userId: string }): Promise<IssuedTemporaryAccessCode> {
  assertAdmin(actor);
  if (actor.userId === userId)
    throw new AppError("FORBIDDEN", "You cannot issue a temporary access code for your own account: ask another administrator.");
  return db.$transaction(async (tx) => {
    // One code at a time per user, even when two administrators click at once.
    const [user] = await tx.$queryRaw<{ name: string; disabledAt: Date | null }[]>`
      SELECT name, "disabledAt" FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!user) throw notFound("User");
    if (user.disabledAt)
      throw new AppError("CONFLICT", `${user.name}'s account is disabled: enable it first, then issue a temporary access code.`);
    const now = new Date();
    const minutes = temporaryAccessCodeMinutes();
    const { count: replaced } = await tx.temporaryAccessCode.updateMany({
      where: { userId, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const code = newTemporaryAccessCode();
    const expiresAt = new Date(now.getTime() + minutes * 60_000);
    await tx.temporaryAccessCode.create({
      data: { userId, codeHash: hashTemporaryAccessCode(code), createdById: actor.userId, createdAt: now, expiresAt },
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE",
      context: actor.context,
      detail: { expiresAt: expiresAt.toISOString(), minutes, replaced: replaced > 0 },
    });
    return { code, expiresAt, replaced: replaced > 0 };
  });
}
