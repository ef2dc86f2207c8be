import "server-only";
import type { Tx } from "@/server/db/client";
import { isInvalidated } from "@/server/devices/device-operation";
import { hashDeviceToken } from "@/server/devices/device-cookie";
import { describeSignIn, secondFactorMethods, type SecondFactorMethod, type SignInFactors } from "@/lib/sign-in-steps";
import { signInFactorsOf } from "@/lib/security";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";

export type { SecondFactorMethod };

/**
 * Which second factors this user can pass in a browser sign-in, by the one rule in
 * lib/sign-in-steps.ts (the same that tells people what their next sign-in will ask). Empty: the
 * password alone signs in. One statement (every password sign-in asks): a push authenticator
 * counts when reachable, as isPushReachable (server/mfa/push-sign-in.ts) says of a row; a
 * temporary access code when live, as liveTemporaryAccessCode finds one.
 */
export async function browserFactorsFor(
  tx: Tx,
  { id: userId, mfaSkip }: { id: string; mfaSkip: SignInFactors["mfaSkip"] },
  now = new Date(),
): Promise<SecondFactorMethod[]> {
  const [row] = await tx.$queryRaw<Omit<SignInFactors, "mfaSkip">[]>`
    SELECT coalesce((SELECT json_agg(json_build_object(
                              'id', a.id, 'kind', a.kind::text,
                              'pushReachable', a.kind = 'PUSH' AND a."pushTokenEnc" IS NOT NULL AND a."platformDeviceId" IS NOT NULL))
                       FROM "Authenticator" a
                      WHERE a."userId" = ${userId}::uuid AND a.kind IN ('TOTP', 'WEBAUTHN', 'PUSH')), '[]') AS authenticators,
           (SELECT count(*) FROM "RecoveryCode" WHERE "userId" = ${userId}::uuid AND "usedAt" IS NULL)::int AS "recoveryCodesLeft",
           EXISTS (SELECT 1 FROM "TemporaryAccessCode"
                    WHERE "userId" = ${userId}::uuid AND "usedAt" IS NULL AND "expiresAt" > ${now.toISOString()}::timestamp) AS "temporaryCodeLive"`;
  return secondFactorMethods({ ...row!, mfaSkip });
}

/**
 * What signing in asks for as the account is now, for an email about second factors that went
 * (the mail worker is handed this: server/mail/deliver-mail.ts): the sentence, and whether a second
 * factor is left to set up the second step with (a skip option or a temporary code aside).
 */
export async function signInNowOf(userId: string, now = new Date()): Promise<{ sentence: string; secondFactorLeft: boolean }> {
  const factors = signInFactorsOf(await getSecurityOverview(userId, now));
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
