import "server-only";
import { z } from "zod";
import { db } from "@/server/db";
import { recordEvent } from "@/server/audit/record-event";
import { verifyPassword } from "@/server/auth/password";
import { recognizeDevice } from "@/server/devices/recognize-device";
import { isDbError } from "@/server/errors";
import { SESSION_MAX_AGE_SECONDS } from "@/server/config";
import type { RequestContext } from "@/server/request-context";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export type SignInInput = { credentials: unknown; deviceToken: string; context: RequestContext };
export type SignInResult = { userId: string; email: string; name: string; sessionId: string; deviceId: string; newDevice: boolean };

/**
 * Checks email + password and, on success, starts a Session on this browser's Device.
 * Returns null for every kind of failure (unknown email, wrong password, disabled account) so
 * the caller shows one generic message.
 */
export async function signInWithPassword({ credentials, deviceToken, context }: SignInInput): Promise<SignInResult | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true } });
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user) return null;
  if (!ok || user.disabledAt) {
    await db.$transaction((tx) =>
      recordEvent(tx, { actorId: user.id, userId: user.id, type: "SIGN_IN_FAILED", context, detail: { reason: ok ? "disabled" : "password" } }),
    );
    return null;
  }
  // Two first sign-ins racing from one browser both try to create its Device; the loser retries and finds it.
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const now = new Date();
        const { device, created, reestablished } = await recognizeDevice(tx, { userId: user.id, deviceToken, context, now });
        const session = await tx.session.create({
          data: {
            userId: user.id,
            deviceId: device.id,
            createdAt: now,
            lastSeenAt: now,
            expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
            ip: context.ip,
            userAgent: context.userAgent,
          },
        });
        await tx.device.update({ where: { id: device.id }, data: { lastVerificationMethod: "PASSWORD" } });
        await recordEvent(tx, {
          actorId: user.id,
          userId: user.id,
          deviceId: device.id,
          type: "SIGN_IN",
          context,
          detail: { method: "PASSWORD", newDevice: created || reestablished, reestablished, deviceName: device.name },
        });
        return { userId: user.id, email: user.email, name: user.name, sessionId: session.id, deviceId: device.id, newDevice: created || reestablished };
      });
    } catch (e) {
      if (attempt === 0 && isDbError(e, "unique")) continue;
      throw e;
    }
  }
}
