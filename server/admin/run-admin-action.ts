import "server-only";
import type { ActionResult } from "@/lib/action-result";
import type { Actor } from "@/server/audit/actor";
import { appErrorMessage } from "@/server/errors";
import { getSession } from "@/server/auth/session";
import type { AuthSession } from "@/server/auth/validate-session";
import { requireRecentVerification, type StepUpRefusal } from "@/server/auth/step-up";
import { SESSION_ENDED } from "@/server/auth/run-user-action";
import { getRequestContext } from "@/server/request-context";

export type AdminActionResult<T extends object = object> = ActionResult<T> | StepUpRefusal;

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
  const refusal = await requireRecentVerification(session, password, context);
  if (refusal) return refusal;
  const actor = { userId: session.userId, sessionId: session.sessionId, role: session.role, context };
  try {
    return { ok: true, ...(await fn({ session, actor })) };
  } catch (e) {
    const message = appErrorMessage(e);
    if (message !== null) return { ok: false, error: message };
    throw e;
  }
}
