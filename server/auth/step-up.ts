import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { checkOwnPassword } from "@/server/auth/throttle";
import type { AuthSession } from "@/server/auth/validate-session";
import type { RequestContext } from "@/server/request-context";
import { tooManyAttempts } from "@/lib/format";

import { STEP_UP_WINDOW_MS } from "@/lib/step-up";

export { STEP_UP_WINDOW_MS };

export const isRecentlyVerified = (session: Pick<AuthSession, "verifiedAt">, now = new Date()) =>
  now.getTime() - session.verifiedAt.getTime() < STEP_UP_WINDOW_MS;

export type StepUpRefusal = { ok: false; error: string; stepUpRequired: true };

/**
 * For sensitive actions (admin operations, creating API credentials): passes when the session
 * proved the password in the last 10 minutes, or when `password` is right now; otherwise says
 * what to ask for.
 */
export async function requireRecentVerification(
  session: AuthSession,
  password: unknown,
  context: RequestContext,
): Promise<StepUpRefusal | null> {
  if (isRecentlyVerified(session)) return null;
  if (typeof password !== "string" || !password) return { ok: false, error: "Confirm your password to continue.", stepUpRequired: true };
  const refusal = await confirmPassword(session, password, context);
  return refusal && { ok: false, error: refusal.message, stepUpRequired: true };
}

/**
 * The password of the signed-in user, now (stepUp): null when it is right, else why not — a wrong
 * password, or the brute-force limit with how long to wait.
 */
export async function confirmPassword(
  session: AuthSession,
  password: string,
  context: RequestContext,
): Promise<{ code: "INVALID_INPUT" | "RATE_LIMITED"; message: string } | null> {
  const result = await stepUp({ session, password: password.slice(0, 1024), context });
  if (result === "ok") return null;
  if (result === "wrong") return { code: "INVALID_INPUT", message: "That password is not right." };
  return { code: "RATE_LIMITED", message: tooManyAttempts(result.retryAfterSeconds) };
}

/**
 * Re-checks the password of the signed-in user and marks the session as freshly verified. Counts
 * toward the same brute-force limits as sign-in (server/auth/throttle.ts): a stolen session cannot
 * be used to guess the password either.
 */
export async function stepUp({
  session,
  password,
  context,
}: {
  session: AuthSession;
  password: string;
  context: RequestContext;
}): Promise<"ok" | "wrong" | { retryAfterSeconds: number }> {
  const user = await db.user.findUnique({ where: { id: session.userId }, select: { passwordHash: true } });
  const check = await checkOwnPassword(session, password, user?.passwordHash, context, "step-up");
  if (check.status === "locked") return { retryAfterSeconds: check.retryAfterSeconds };
  if (check.status === "wrong") return "wrong";
  await db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: session.sessionId }, data: { verifiedAt: new Date() } });
    await recordEvent(tx, { actorId: session.userId, userId: session.userId, deviceId: session.deviceId, type: "STEP_UP", context });
  });
  return "ok";
}
