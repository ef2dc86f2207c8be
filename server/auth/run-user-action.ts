import "server-only";
import { cookies } from "next/headers";
import type { ActionResult } from "@/lib/action-result";
import type { Actor } from "@/server/audit/actor";
import { appErrorMessage } from "@/server/errors";
import { getSession } from "@/server/auth/session";
import type { AuthSession } from "@/server/auth/validate-session";
import { sessionCookieName } from "@/server/auth/cookies";
import { getRequestContext } from "@/server/request-context";
import { requireRecentVerification, type StepUpRefusal } from "@/server/auth/step-up";

export const SESSION_ENDED = "Your session has ended. Sign in again.";

/**
 * The body of every user server action: checks the session (the action itself, not a layout or
 * the proxy), turns expected refusals into `{ ok: false, error }`, and clears this browser's
 * session cookie when the operation ended its own session. Unknown errors are rethrown: Next logs
 * them and the browser sees a generic failure, never the message.
 */
export async function runUserAction<T extends object>(
  fn: (ctx: { session: AuthSession; actor: Actor & { sessionId: string } }) => Promise<T>,
): Promise<ActionResult<T>> {
  const session = await getSession();
  if (!session) return { ok: false, error: SESSION_ENDED, signedOut: true };
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context: await getRequestContext() };
  try {
    const result = await fn({ session, actor });
    if ((result as { signedOut?: boolean }).signedOut) (await cookies()).delete(sessionCookieName());
    return { ok: true, ...result };
  } catch (e) {
    const message = appErrorMessage(e);
    // An AppError may name the form field it is about (PasswordChangeError does).
    const field = (e as { field?: unknown }).field;
    if (message !== null) return { ok: false, error: message, ...(typeof field === "string" && { field }) };
    throw e;
  }
}

/**
 * runUserAction for sensitive changes (second factors, recovery codes, API credentials): the
 * session must have proved the password in the last 10 minutes, or `password` must be right now
 * (ASVS 5.0 V7.5.1). Otherwise it answers `stepUpRequired` and the page asks for the password.
 */
export async function runRecentlyVerifiedAction<T extends object>(
  password: unknown,
  fn: (ctx: { session: AuthSession; actor: Actor & { sessionId: string } }) => Promise<T>,
): Promise<ActionResult<T> | StepUpRefusal> {
  const session = await getSession();
  if (!session) return { ok: false, error: SESSION_ENDED, signedOut: true };
  const refusal = await requireRecentVerification(session, password, await getRequestContext());
  if (refusal) return refusal;
  return runUserAction(fn);
}
