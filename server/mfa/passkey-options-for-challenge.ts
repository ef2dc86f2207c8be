import "server-only";
import { db } from "@/server/db";
import { sha256 } from "@/server/crypto/secret-box";
import { hashDeviceToken } from "@/server/auth/cookies";
import { passkeyAuthenticationOptions } from "@/server/mfa/passkey-authentication";

/**
 * During sign-in, after a right password: WebAuthn options for the user behind this browser's MFA
 * challenge. Null when there is no live challenge for this browser, or no passkey.
 */
export async function passkeyOptionsForChallenge({
  challengeToken,
  deviceToken,
}: {
  challengeToken: string | undefined;
  deviceToken: string | undefined;
}) {
  if (!challengeToken || !deviceToken) return null;
  const challenge = await db.mfaChallenge.findUnique({ where: { tokenHash: sha256(challengeToken) } });
  if (
    !challenge ||
    challenge.consumedAt ||
    challenge.expiresAt <= new Date() ||
    challenge.deviceCookieHash !== hashDeviceToken(deviceToken)
  )
    return null;
  const result = await passkeyAuthenticationOptions(db, challenge.userId);
  return result.options.allowCredentials?.length ? result : null;
}
