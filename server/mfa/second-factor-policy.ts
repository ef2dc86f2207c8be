import "server-only";
import type { Tx } from "@/server/db";
import { isInvalidated } from "@/server/devices/device-operation";
import { hashDeviceToken } from "@/server/auth/cookies";
import { PUSH_REACHABLE } from "@/server/mfa/push-sign-in";

export type SecondFactorMethod = "totp" | "passkey" | "push" | "recovery";

/**
 * Which second factors this user can pass in a browser: an authenticator app's code, a passkey,
 * a push approved on their phone (server/mfa/push-sign-in.ts), and then recovery codes. Any of
 * them makes the second step required. Bound devices sign the app's own requests, not browser
 * sign-ins.
 */
export async function browserFactorsFor(tx: Tx, userId: string): Promise<SecondFactorMethod[]> {
  const [kinds, recovery] = await Promise.all([
    tx.authenticator.findMany({
      where: { userId, OR: [{ kind: { in: ["TOTP", "WEBAUTHN"] } }, PUSH_REACHABLE] },
      select: { kind: true },
      distinct: ["kind"],
    }),
    tx.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  const methods: SecondFactorMethod[] = [];
  if (kinds.some((k) => k.kind === "TOTP")) methods.push("totp");
  if (kinds.some((k) => k.kind === "WEBAUTHN")) methods.push("passkey");
  if (kinds.some((k) => k.kind === "PUSH")) methods.push("push");
  if (methods.length && recovery > 0) methods.push("recovery");
  return methods;
}

/** "Remember this device": remembered until a future time and not invalidated since. */
export async function isDeviceRemembered(tx: Tx, userId: string, deviceToken: string, now = new Date()): Promise<boolean> {
  const device = await tx.device.findFirst({
    where: { userId, cookieHash: hashDeviceToken(deviceToken), deletedAt: null },
    select: { rememberedUntil: true, invalidatedAt: true, reestablishedAt: true },
  });
  return !!device?.rememberedUntil && device.rememberedUntil > now && !isInvalidated(device);
}
