import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { AppError, notFound } from "@/server/errors";
import { assertAdmin } from "@/server/auth/assert-admin";
import { endSessions } from "@/server/sessions/end-sessions";
import { revokeEmailLinks } from "@/server/mail/email-links";

type Target = { actor: Actor; userId: string };

/**
 * Ends every live session of the user, on every device, revokes their personal access tokens
 * (the API's sessions) and every email link they were sent: the incident-response "log them out
 * of everything".
 */
export async function signOutEverywhere({ actor, userId }: Target) {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw notFound("User");
    const now = new Date();
    const ended = await endSessions(tx, { where: { userId }, reason: "ADMIN_REVOKED", now, currentSessionId: actor.sessionId });
    await revokeEmailLinks(tx, userId, now);
    const { count: tokensRevoked } = await tx.apiToken.updateMany({
      where: { userId, kind: "PERSONAL", revokedAt: null },
      data: { revokedAt: now },
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: "ADMIN_SIGNED_OUT_EVERYWHERE",
      context: actor.context,
      detail: { sessionsEnded: ended.sessionsEnded, apps: ended.apps, tokensRevoked },
    });
    return { ...ended, tokensRevoked };
  });
}

/**
 * Disables (ending every session and revoking their personal access tokens and email links, so
 * enabling them again revives none of them) or re-enables a user. The last enabled administrator
 * cannot be disabled, so the console can never lock everyone out.
 */
export async function setUserDisabled({ actor, userId, disabled }: Target & { disabled: boolean }) {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    // Serialise admin changes so two admins disabling each other cannot both succeed.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } });
    if (!user) throw notFound("User");
    if (disabled === !!user.disabledAt) return { changed: false, sessionsEnded: 0, endedCurrentSession: false, apps: [], tokensRevoked: 0 };
    if (disabled && user.role === "ADMIN") {
      const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: userId } } });
      if (others === 0) throw new AppError("CONFLICT", "This is the last enabled administrator; enable or promote another first.");
    }
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? now : null } });
    if (disabled) await revokeEmailLinks(tx, userId, now);
    const ended = disabled
      ? await endSessions(tx, { where: { userId }, reason: "USER_DISABLED", now, currentSessionId: actor.sessionId })
      : { sessionsEnded: 0, endedCurrentSession: false, apps: [] };
    const tokensRevoked = disabled
      ? (await tx.apiToken.updateMany({ where: { userId, kind: "PERSONAL", revokedAt: null }, data: { revokedAt: now } })).count
      : 0;
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      type: disabled ? "ADMIN_DISABLED_USER" : "ADMIN_ENABLED_USER",
      context: actor.context,
      detail: disabled ? { sessionsEnded: ended.sessionsEnded, apps: ended.apps, tokensRevoked } : {},
    });
    return { changed: true, ...ended, tokensRevoked };
  });
}
