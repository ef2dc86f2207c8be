import "server-only";
import { z } from "zod";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { hashPassword } from "@/server/auth/password";
import { passwordWeakness } from "@/server/auth/password-strength";
import { countLimitedRequest, type ThrottleLimits } from "@/server/auth/throttle";
import { endSessions } from "@/server/sessions/end-sessions";
import { appsSignedIn } from "@/server/sessions/apps-of-sessions";
import { consumeEmailLink, peekEmailLink, revokeEmailLinks } from "@/server/mail/email-links";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import { logger } from "@/server/observability/logger";
import { nextQuery } from "@/lib/next-path";

export const forgotPasswordSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter your email address.").max(254),
  /** Where signing in continues after the reset (an app's sign-in): a path of this site, kept by the emailed link. */
  next: z.string().max(512).optional(),
});
export const resetPasswordSchema = z.object({
  token: z.string().max(100),
  password: z.string().min(1, "Choose a new password.").max(1024),
});

/**
 * Reset links: at most 3 requests per account from one client, and 10 from one client across
 * accounts, in 15 minutes (counted whether the account exists or not); and at most 3 reset emails
 * per account in that time from everyone together.
 */
export const RESET_LIMITS: ThrottleLimits = { maxFailures: 3, maxClientFailures: 10, windowMs: 15 * 60_000 };
const RESET_MAILS_PER_WINDOW = 3;

export type ResetRequestResult = { status: "sent" } | { status: "locked"; retryAfterSeconds: number };

/** Runs work after the answer has gone out (Next's `after` in an action; the tests run it themselves). */
export type Defer = (work: () => Promise<void>) => void;

/**
 * "Forgot your password?": emails a single-use link (30 minutes) when the address belongs to an
 * enabled account. The answer is the same whether it does or not, and so is the work done before
 * it: only the limits are checked; the account is looked up and the email queued after the answer
 * has gone (`defer`), so timing tells nothing either. Only a client asking too often is told to wait.
 */
export async function requestPasswordReset({
  email,
  next,
  context,
  defer,
}: {
  email: string;
  next?: string;
  context: RequestContext;
  defer: Defer;
}): Promise<ResetRequestResult> {
  const limited = await countLimitedRequest({ email, ip: context.ip, purpose: "PASSWORD_RESET" }, RESET_LIMITS, "password_reset");
  if (limited.locked) return { status: "locked", retryAfterSeconds: limited.retryAfterSeconds };
  defer(() =>
    queuePasswordReset(email, context, next).catch((e: unknown) => logger.error({ err: e }, "password reset: could not queue the email")),
  );
  return { status: "sent" };
}

/** The outbox row and the audit row, in one transaction, for an enabled account; nothing for any other address. */
async function queuePasswordReset(email: string, context: RequestContext, next?: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  await db.$transaction(async (tx) => {
    // One request at a time per account, so the per-account count below holds under concurrency.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${user.id}::uuid FOR UPDATE`;
    const recent = await tx.mailOutbox.count({
      where: { userId: user.id, kind: "password-reset", createdAt: { gt: new Date(Date.now() - RESET_LIMITS.windowMs) } },
    });
    if (recent >= RESET_MAILS_PER_WINDOW) return;
    await tx.mailOutbox.create({
      data: {
        userId: user.id,
        kind: "password-reset",
        data: { ip: context.ip, userAgent: context.userAgent, ...(nextQuery(next) ? { next } : {}) },
      },
    });
    await recordEvent(tx, { actorId: null, userId: user.id, type: "PASSWORD_RESET_REQUESTED", context });
  });
}

/**
 * Whose password a reset link would set, for the page it opens, with the apps signed in on the
 * account now (the reset signs them out too); null when the link cannot be used.
 */
export async function peekPasswordReset(token: unknown): Promise<{ email: string; name: string; apps: string[] } | null> {
  const link = await peekEmailLink(token, "PASSWORD_RESET");
  if (!link) return null;
  const [user, apps] = await Promise.all([
    db.user.findFirst({ where: { id: link.userId, disabledAt: null }, select: { email: true, name: true } }),
    appsSignedIn({ userId: link.userId }),
  ]);
  return user && { ...user, apps };
}

export class ResetLinkError extends AppError {
  constructor() {
    super("NOT_FOUND", "This link has expired or was already used. Ask for a new one.");
  }
}

/**
 * Sets a new password with a reset link, without the old one: in one transaction with its audit
 * row, the link is used up (and every other email link of the account with it, "Was this you?"
 * links included), every session ends —
 * on every device, this browser included — personal access tokens are revoked and pending
 * second-factor challenges are dropped. The user is told by email (the audit row queues it).
 */
export async function resetPassword({
  token,
  password,
  context,
}: {
  token: string;
  password: string;
  context: RequestContext;
}): Promise<{ sessionsEnded: number; tokensRevoked: number; apps: string[] }> {
  const link = await peekEmailLink(token, "PASSWORD_RESET");
  if (!link) throw new ResetLinkError();
  const user = await db.user.findUniqueOrThrow({ where: { id: link.userId }, select: { email: true, name: true, disabledAt: true } });
  if (user.disabledAt) throw new ResetLinkError();
  const weakness = passwordWeakness(password, [user.email, ...user.email.split("@"), ...user.name.split(/\s+/), "devicekeeper"]);
  if (weakness) throw new AppError("INVALID_INPUT", weakness);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const now = new Date();
    const used = await consumeEmailLink(tx, token, "PASSWORD_RESET", now);
    if (!used) throw new ResetLinkError();
    // The link came by email: the address is theirs (the email_verified claim of signed-in apps).
    await tx.user.update({ where: { id: used.userId }, data: { passwordHash, emailVerifiedAt: now } });
    await revokeEmailLinks(tx, used.userId, now);
    const { sessionsEnded, apps } = await endSessions(tx, { where: { userId: used.userId }, reason: "PASSWORD_CHANGED", now });
    const tokensRevoked = (
      await tx.apiToken.updateMany({ where: { userId: used.userId, kind: "PERSONAL", revokedAt: null }, data: { revokedAt: now } })
    ).count;
    await tx.mfaChallenge.deleteMany({ where: { userId: used.userId, consumedAt: null } });
    await recordEvent(tx, {
      actorId: used.userId,
      userId: used.userId,
      type: "PASSWORD_RESET",
      context,
      detail: { sessionsEnded, apps, tokensRevoked, through: "email-link" },
    });
    return { sessionsEnded, tokensRevoked, apps };
  });
}
