import "server-only";
import crypto from "node:crypto";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { hashRecoveryCode, RECOVERY_CODE_COUNT } from "@/server/mfa/recovery-code-hash";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

/** "K7QM-2XRD-PW" style: 10 characters from 32 symbols, 50 bits. */
function newCode(): string {
  const bytes = crypto.randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Replaces all of the user's recovery codes with 10 new ones, returned once and stored hashed. */
export async function regenerateRecoveryCodes({ actor, userId }: { actor: Actor; userId: string }): Promise<string[]> {
  assertMayActFor(actor, userId, "User");
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: "RECOVERY_CODES_GENERATED",
      context: actor.context,
      detail: { count: codes.length },
    });
  });
  return codes;
}
