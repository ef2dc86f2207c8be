import "server-only";
import type { Tx } from "@/server/db/client";
import { isInvalidated } from "@/server/devices/device-operation";
import { hashDeviceToken } from "@/server/devices/device-cookie";
import { isPushReachable } from "@/server/mfa/push-sign-in";
import { liveTemporaryAccessCode } from "@/server/mfa/temporary-access-code";
import { secondFactorMethods, type SecondFactorMethod, type SignInFactors } from "@/lib/sign-in-steps";

export type { SecondFactorMethod };

/**
 * Which second factors this user can pass in a browser sign-in, by the one rule in
 * lib/sign-in-steps.ts (the same that tells people what their next sign-in will ask). Empty: the
 * password alone signs in.
 */
export async function browserFactorsFor(
  tx: Tx,
  { id: userId, mfaSkip }: { id: string; mfaSkip: SignInFactors["mfaSkip"] },
): Promise<SecondFactorMethod[]> {
  const [authenticators, recoveryCodesLeft, temporaryCode] = await Promise.all([
    tx.authenticator.findMany({
      where: { userId, kind: { in: ["TOTP", "WEBAUTHN", "PUSH"] } },
      select: { id: true, kind: true, pushTokenEnc: true, platformDeviceId: true },
    }),
    tx.recoveryCode.count({ where: { userId, usedAt: null } }),
    liveTemporaryAccessCode(tx, userId),
  ]);
  return secondFactorMethods({
    authenticators: authenticators.map((a) => ({ id: a.id, kind: a.kind, pushReachable: isPushReachable(a) })),
    recoveryCodesLeft,
    mfaSkip,
    temporaryCodeLive: !!temporaryCode,
  });
}

/** "Remember this device": remembered until a future time and not invalidated since. */
export async function isDeviceRemembered(tx: Tx, userId: string, deviceToken: string, now = new Date()): Promise<boolean> {
  const device = await tx.device.findFirst({
    where: { userId, cookieHash: hashDeviceToken(deviceToken), deletedAt: null },
    select: { rememberedUntil: true, invalidatedAt: true, reestablishedAt: true },
  });
  return !!device?.rememberedUntil && device.rememberedUntil > now && !isInvalidated(device);
}
