import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "@/server/db/client";
import { auditFailure, checkPasswordLimited } from "@/server/auth/throttle";
import { hashDeviceToken } from "@/server/devices/device-cookie";
import { isInvalidated } from "@/server/devices/device-operation";
import { sha256 } from "@/server/crypto/secret-box";
import { startSession, type SignInApp, type StartedSession } from "@/server/auth/start-session";
import { browserFactorsFor, isDeviceRemembered, type SecondFactorMethod } from "@/server/mfa/second-factor-policy";
import type { RequestContext } from "@/server/request-context";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(1024),
});

export const MFA_CHALLENGE_TTL_MS = 10 * 60 * 1000;

export type SignInInput = {
  credentials: unknown;
  deviceToken: string;
  context: RequestContext;
  /** The app the sign-in continues to (server/oidc/pending-sign-in.ts), for its history and new-device email. */
  app?: SignInApp | null;
};
export type SignInResult = StartedSession;
export type PasswordStepResult =
  | { status: "signed-in"; session: StartedSession }
  | { status: "mfa-required"; challengeToken: string; methods: SecondFactorMethod[] }
  /**
   * Too many failures for this account from this client, or from this client ("client"); or for
   * this account from everywhere, and this browser never signed in to it ("account")
   * (server/auth/throttle.ts).
   */
  | { status: "locked"; retryAfterSeconds: number; scope: "client" | "account" };

/**
 * Checks email + password. Then either starts a Session on this browser's Device, or — when the
 * user has a second factor, this device is not remembered and their skip option does not allow
 * skipping — opens a short-lived challenge bound to this browser. Returns null for every kind of
 * failure (unknown email, wrong password, disabled account): the caller shows one generic message.
 * Past the brute-force limits it answers "locked" before any bcrypt runs, known account or not.
 */
export async function passwordStep({ credentials, deviceToken, context, app }: SignInInput): Promise<PasswordStepResult | null> {
  const parsed = signInSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, disabledAt: true, mfaSkip: true },
  });
  const check = await checkPasswordLimited({ email, ip: context.ip }, password, user?.passwordHash, {
    userId: user?.id,
    knownDevice: () => (user ? hasSignedInOn(user.id, deviceToken) : Promise.resolve(false)),
  });
  if (check.status === "locked") return check;
  if (check.status === "wrong" || !user || user.disabledAt) {
    if (user)
      await auditFailure({
        userId: user.id,
        ip: context.ip,
        userAgent: context.userAgent,
        reason: check.status === "ok" ? "disabled" : "password",
      });
    return null;
  }
  const methods = await browserFactorsFor(user);
  if (methods.length && !(await isDeviceRemembered(db, user.id, deviceToken))) {
    const challengeToken = crypto.randomBytes(32).toString("base64url");
    await db.mfaChallenge.create({
      data: {
        tokenHash: sha256(challengeToken),
        userId: user.id,
        deviceCookieHash: hashDeviceToken(deviceToken),
        expiresAt: new Date(Date.now() + MFA_CHALLENGE_TTL_MS),
      },
    });
    return { status: "mfa-required", challengeToken, methods };
  }
  const session = await db.$transaction((tx) => startSession(tx, { user, deviceToken, context, method: "PASSWORD", app }));
  return { status: "signed-in", session };
}

/**
 * Whether this browser has signed in to the account before: its device cookie names one of the
 * account's devices, not removed and not "treated as new" since. Such a browser passes the
 * account-wide pause on guessing (server/auth/throttle.ts), so an attacker cannot lock the owner
 * out of their own laptop.
 */
async function hasSignedInOn(userId: string, deviceToken: string): Promise<boolean> {
  const device = await db.device.findFirst({
    where: { userId, cookieHash: hashDeviceToken(deviceToken), deletedAt: null, authenticatedAt: { not: null } },
    select: { invalidatedAt: true, reestablishedAt: true },
  });
  return !!device && !isInvalidated(device);
}

/** Password-only sign-in, for callers that expect no second factor (tests, benchmarks). */
export async function signInWithPassword(input: SignInInput): Promise<SignInResult | null> {
  const result = await passwordStep(input);
  return result?.status === "signed-in" ? result.session : null;
}
