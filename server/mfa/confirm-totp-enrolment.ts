import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { AppError } from "@/server/errors";
import { openJson } from "@/server/crypto/secret-box";
import { checkTotp, sealTotpSecret } from "@/server/mfa/totp";
import { ENROLMENT_PURPOSE } from "@/server/mfa/start-totp-enrolment";

export type ConfirmTotpInput = { actor: Actor; userId: string; deviceId: string | null; enrolmentToken: string; code: string };

/** Saves the authenticator app once its first code proves the user scanned the right secret. */
export async function confirmTotpEnrolment({ actor, userId, deviceId, enrolmentToken, code }: ConfirmTotpInput) {
  assertMayActFor(actor, userId, "User");
  const pending = openJson<{ u: string; s: string; n: string; e: number }>(enrolmentToken, ENROLMENT_PURPOSE);
  if (!pending || pending.u !== userId) throw new AppError("INVALID_INPUT", "This setup is not valid. Start again.");
  if (pending.e < Date.now()) throw new AppError("INVALID_INPUT", "This setup expired. Start again.");
  const step = await checkTotp(pending.s, code, null);
  if (step == null) throw new AppError("INVALID_INPUT", "That code didn't match. Check your phone's clock and try the newest code.");
  return db.$transaction(async (tx) => {
    const authenticator = await tx.authenticator.create({
      data: {
        userId,
        deviceId,
        kind: "TOTP",
        name: pending.n,
        secretEnc: sealTotpSecret(pending.s),
        lastTimeStep: step,
        lastUsedAt: new Date(),
      },
      select: { id: true, name: true },
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      deviceId,
      type: "TOTP_ADDED",
      context: actor.context,
      detail: { name: authenticator.name },
    });
    return authenticator;
  });
}
