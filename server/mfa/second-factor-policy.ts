import "server-only";
import type { Tx } from "@/server/db/client";
import { isInvalidated } from "@/server/devices/device-operation";
import { hashDeviceToken } from "@/server/devices/device-cookie";
import { describeSignIn, secondFactorMethods, type SecondFactorMethod, type SignInFactors } from "@/lib/sign-in-steps";
import { signInFactorsOf } from "@/lib/security";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";

export type { SecondFactorMethod };

/** The factors that decide the second step, as the account is now (the security overview's one statement). */
const factorsNow = async (userId: string, now: Date) => signInFactorsOf(await getSecurityOverview(userId, now));

/**
 * Which second factors this user can pass in a browser sign-in, by the one rule in
 * lib/sign-in-steps.ts (the same that tells people what their next sign-in will ask). Empty: the
 * password alone signs in. `mfaSkip` as the sign-in read it with the password.
 */
export async function browserFactorsFor(
  { id: userId, mfaSkip }: { id: string; mfaSkip: SignInFactors["mfaSkip"] },
  now = new Date(),
): Promise<SecondFactorMethod[]> {
  return secondFactorMethods({ ...(await factorsNow(userId, now)), mfaSkip });
}

/**
 * What signing in asks for as the account is now, for an email about second factors that went
 * (the mail worker is handed this: server/mail/deliver-mail.ts): the sentence, and whether a second
 * factor is left to set up the second step with (a skip option or a temporary code aside).
 */
export async function signInNowOf(userId: string, now = new Date()): Promise<{ sentence: string; secondFactorLeft: boolean }> {
  const factors = await factorsNow(userId, now);
  return {
    sentence: describeSignIn(secondFactorMethods(factors)),
    secondFactorLeft: secondFactorMethods({ ...factors, mfaSkip: "NOT_SET", temporaryCodeLive: false }).length > 0,
  };
}

/** "Remember this device": remembered until a future time and not invalidated since. */
export async function isDeviceRemembered(tx: Tx, userId: string, deviceToken: string, now = new Date()): Promise<boolean> {
  const device = await tx.device.findFirst({
    where: { userId, cookieHash: hashDeviceToken(deviceToken), deletedAt: null },
    select: { rememberedUntil: true, invalidatedAt: true, reestablishedAt: true },
  });
  return !!device?.rememberedUntil && device.rememberedUntil > now && !isInvalidated(device);
}
