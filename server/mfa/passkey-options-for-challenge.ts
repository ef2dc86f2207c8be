import "server-only";
import { db } from "@/server/db/client";
import { liveChallenge } from "@/server/mfa/live-challenge";
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
  const challenge = await liveChallenge(challengeToken, deviceToken);
  if (!challenge) return null;
  const result = await passkeyAuthenticationOptions(db, challenge.userId);
  return result.options.allowCredentials?.length ? result : null;
}
