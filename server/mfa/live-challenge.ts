import "server-only";
import { db } from "@/server/db";
import { sha256 } from "@/server/crypto/secret-box";
import { hashDeviceToken } from "@/server/auth/cookies";

/**
 * The MFA challenge this browser holds after a right password, while it can still be answered:
 * not used, not expired, and bound to this browser's device cookie. Null otherwise.
 */
export async function liveChallenge(challengeToken: string | undefined, deviceToken: string | undefined, now = new Date()) {
  if (!challengeToken || !deviceToken) return null;
  const c = await db.mfaChallenge.findUnique({ where: { tokenHash: sha256(challengeToken) } });
  if (!c || c.consumedAt || c.expiresAt <= now || c.deviceCookieHash !== hashDeviceToken(deviceToken)) return null;
  return c;
}
