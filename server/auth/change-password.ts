import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { AuthSession } from "@/server/auth/validate-session";
import { hashPassword } from "@/server/auth/password";
import { passwordWeakness } from "@/server/auth/password-strength";
import { checkOwnPassword } from "@/server/auth/throttle";
import { endSessions } from "@/server/sessions/end-sessions";
import { revokeEmailLinks } from "@/server/mail/email-links";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { tooManyAttempts } from "@/lib/format";

export type ChangePasswordInput = {
  session: AuthSession;
  currentPassword: string;
  newPassword: string;
  /** End every other session and revoke personal access tokens (the default in the form). */
  signOutOthers: boolean;
  context: RequestContext;
};

/** Which field a refusal is about, so the form can mark it. */
export class PasswordChangeError extends AppError {
  constructor(
    readonly field: "currentPassword" | "newPassword",
    message: string,
  ) {
    super("INVALID_INPUT", message);
  }
}

/**
 * Changes the signed-in user's password: the current one first (counted toward the brute-force
 * limits, like a sign-in), then the new one's strength. In one transaction with its audit row: the
 * new hash, this session marked freshly verified, every email link of the account ended, and —
 * unless the user says not to — every other session ended and every personal access token revoked.
 */
export async function changePassword({ session, currentPassword, newPassword, signOutOthers, context }: ChangePasswordInput) {
  const user = await db.user.findUniqueOrThrow({ where: { id: session.userId }, select: { passwordHash: true, email: true, name: true } });
  const check = await checkOwnPassword(session, currentPassword, user.passwordHash, context, "password-change");
  if (check.status === "locked") throw new AppError("RATE_LIMITED", tooManyAttempts(check.retryAfterSeconds));
  if (check.status === "wrong") {
    throw new PasswordChangeError("currentPassword", "Your current password is not right.");
  }
  if (newPassword === currentPassword) throw new PasswordChangeError("newPassword", "Choose a password different from the current one.");
  const weakness = passwordWeakness(newPassword, [user.email, ...user.email.split("@"), ...user.name.split(/\s+/), "devicekeeper"]);
  if (weakness) throw new PasswordChangeError("newPassword", weakness);

  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    const now = new Date();
    await tx.user.update({ where: { id: session.userId }, data: { passwordHash } });
    // A reset link, or a "Was this you?" link (which offers a reset), in someone else's hands must not undo this change.
    await revokeEmailLinks(tx, session.userId, now);
    await tx.session.update({ where: { id: session.sessionId }, data: { verifiedAt: now } });
    let sessionsEnded = 0;
    let apps: string[] = [];
    let tokensRevoked = 0;
    if (signOutOthers) {
      ({ sessionsEnded, apps } = await endSessions(tx, {
        where: { userId: session.userId, id: { not: session.sessionId } },
        reason: "PASSWORD_CHANGED",
        now,
      }));
      tokensRevoked = (
        await tx.apiToken.updateMany({ where: { userId: session.userId, kind: "PERSONAL", revokedAt: null }, data: { revokedAt: now } })
      ).count;
    }
    await recordEvent(tx, {
      actorId: session.userId,
      userId: session.userId,
      deviceId: session.deviceId,
      type: "PASSWORD_CHANGED",
      context,
      detail: { sessionsEnded, apps, tokensRevoked, signedOutOthers: signOutOthers },
    });
    return { sessionsEnded, tokensRevoked, apps };
  });
}
