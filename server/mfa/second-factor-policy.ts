import "server-only";
import type { Tx } from "@/server/db";
import { isInvalidated } from "@/server/devices/device-operation";
import { hashDeviceToken } from "@/server/auth/cookies";

export type SecondFactorMethod = "totp" | "passkey" | "recovery";

/**
 * Which second factors this user can pass in a browser. Push and bound devices live in a mobile
 * app and cannot answer a browser sign-in, so they alone do not make MFA required.
 */
export async function browserFactorsFor(tx: Tx, userId: string): Promise<SecondFactorMethod[]> {
  const [kinds, recovery] = await Promise.all([
    tx.authenticator.findMany({ where: { userId, kind: { in: ["TOTP", "WEBAUTHN"] } }, select: { kind: true }, distinct: ["kind"] }),
    tx.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  const methods: SecondFactorMethod[] = [];
  if (kinds.some((k) => k.kind === "TOTP")) methods.push("totp");
  if (kinds.some((k) => k.kind === "WEBAUTHN")) methods.push("passkey");
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
