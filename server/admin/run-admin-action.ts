import "server-only";
import type { ActionResult } from "@/lib/action-result";
import type { Actor } from "@/server/audit/actor";
import { appErrorMessage } from "@/server/errors";
import { getSession, type AuthSession } from "@/server/auth/session";
import { isRecentlyVerified, stepUp } from "@/server/auth/step-up";
import { SESSION_ENDED } from "@/server/auth/run-user-action";
import { getRequestContext } from "@/server/request-context";

export type AdminActionResult<T extends object = object> = ActionResult<T> | { ok: false; error: string; stepUpRequired: true };

/**
 * The body of every admin server action: a live session, the ADMIN role (non-admins get the same
 * "not found" as the /admin pages), and a password check from the last 10 minutes — taken from
 * `password` when the caller's is stale.
 */
export async function runAdminAction<T extends object>(
  password: unknown,
  fn: (ctx: { session: AuthSession; actor: Actor & { sessionId: string } }) => Promise<T>,
): Promise<AdminActionResult<T>> {
  const session = await getSession();
  if (!session) return { ok: false, error: SESSION_ENDED, signedOut: true };
  if (session.role !== "ADMIN") return { ok: false, error: "Not found" };
  const context = await getRequestContext();
  if (!isRecentlyVerified(session)) {
    if (typeof password !== "string" || !password) return { ok: false, error: "Confirm your password to continue.", stepUpRequired: true };
    if (!(await stepUp({ session, password: password.slice(0, 1024), context }))) {
      return { ok: false, error: "That password is not right.", stepUpRequired: true };
    }
  }
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context };
  try {
    return { ok: true, ...(await fn({ session, actor })) };
  } catch (e) {
    const message = appErrorMessage(e);
    if (message !== null) return { ok: false, error: message };
    throw e;
  }
}
