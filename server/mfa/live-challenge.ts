import "server-only";
import { db } from "@/server/db/client";
import { sha256 } from "@/server/crypto/secret-box";
import { hashDeviceToken } from "@/server/devices/device-cookie";

/** Wrong answers one challenge takes; then the password step must be passed again. */
export const MAX_ATTEMPTS_PER_CHALLENGE = 5;

/**
 * The MFA challenge this browser holds after a right password, while it can still be answered:
 * not used, not expired, not worn out by wrong answers, and bound to this browser's device
 * cookie. Null otherwise. Every second-step path starts here (codes, passkeys, push).
 */
export async function liveChallenge(challengeToken: string | undefined, deviceToken: string | undefined, now = new Date()) {
  if (!challengeToken || !deviceToken) return null;
  const c = await db.mfaChallenge.findUnique({ where: { tokenHash: sha256(challengeToken) } });
  if (
    !c ||
    c.consumedAt ||
    c.expiresAt <= now ||
    c.failedAttempts >= MAX_ATTEMPTS_PER_CHALLENGE ||
    c.deviceCookieHash !== hashDeviceToken(deviceToken)
  )
    return null;
  return c;
}
