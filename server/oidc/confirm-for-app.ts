import "server-only";
import { AppError } from "@/server/errors";
import { confirmPassword } from "@/server/auth/step-up";
import type { AuthSession } from "@/server/auth/validate-session";
import type { RequestContext } from "@/server/request-context";

/**
 * A fresh sign-in for an app that asked for one (prompt=login, or a max_age older than this
 * session's last check): the password of the signed-in user, under the same limits as signing in.
 * The session is marked verified now (audited), and the provider's interaction then sees it as fresh.
 */
export async function confirmPasswordForApp({
  session,
  password,
  context,
}: {
  session: AuthSession;
  password: string;
  context: RequestContext;
}): Promise<{ message: string }> {
  const refusal = await confirmPassword(session, password, context);
  if (refusal) throw new AppError(refusal.code, refusal.message);
  return { message: "Password confirmed." };
}
