import "server-only";
import type { Tx } from "@/server/db/client";
import { liveTemporaryAccessCode, matchesTemporaryAccessCode } from "@/server/mfa/temporary-access-code";

/**
 * The second step answered with a temporary access code: the user's live code is compared by its
 * hash in constant time, then used up by one conditional UPDATE (not used, not expired — its row
 * count tells whether this call won), so of two sign-ins racing with the same code only one gets in.
 * Runs in the sign-in's transaction (server/auth/complete-mfa-sign-in.ts), which audits the use.
 */
export async function redeemTemporaryAccessCode(
  tx: Tx,
  { userId, code, now }: { userId: string; code: string; now: Date },
): Promise<boolean> {
  const live = await liveTemporaryAccessCode(tx, userId, now);
  if (!live || !matchesTemporaryAccessCode(code, live.codeHash)) return false;
  const { count } = await tx.temporaryAccessCode.updateMany({
    where: { id: live.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}
