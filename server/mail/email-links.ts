import "server-only";
import crypto from "node:crypto";
import type { Tx } from "@/server/db/client";
import { rawQuery } from "@/server/db/client";
import { sha256 } from "@/server/crypto/secret-box";
import type { EmailLinkPurpose } from "@/prisma/generated/client";

/** How long a link works: "This was me / This wasn't me" 7 days, a password reset 30 minutes. */
export const EMAIL_LINK_TTL_MS: Record<EmailLinkPurpose, number> = {
  DEVICE_REPORT: 7 * 24 * 60 * 60 * 1000,
  PASSWORD_RESET: 30 * 60 * 1000,
};

/** Tokens are 32 random bytes, base64url: 43 characters. Anything else is not one of ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type CreateEmailLinkInput = {
  purpose: EmailLinkPurpose;
  userId: string;
  deviceId?: string | null;
  /** The sign-in a "Was this you?" link is about. */
  auditEventId?: string | null;
  /**
   * When the event the email is about happened (the sign-in, the reset request): a link for an
   * event before the account's links were revoked never works, however late it was sent.
   */
  eventAt?: Date;
  now?: Date;
};

/** A new single-use link token; only its SHA-256 is stored. It works for its purpose's TTL from now. */
export async function createEmailLink(
  tx: Tx,
  { purpose, userId, deviceId = null, auditEventId = null, now = new Date(), eventAt = now }: CreateEmailLinkInput,
): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await tx.emailLink.create({
    data: {
      tokenHash: sha256(token),
      purpose,
      userId,
      deviceId,
      auditEventId,
      createdAt: eventAt,
      expiresAt: new Date(now.getTime() + EMAIL_LINK_TTL_MS[purpose]),
    },
  });
  return token;
}

/**
 * Ends every outstanding email link of the account — reset and "Was this you?" alike — including
 * those for earlier events that are still waiting in the mail outbox: a password change or reset,
 * "sign out everywhere" and disabling the account call this in their transaction.
 */
export async function revokeEmailLinks(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { emailLinksRevokedAt: now } });
}

export type EmailLinkRow = { id: string; userId: string; deviceId: string | null; auditEventId: string | null };

/** A link still works: its purpose, unused, unexpired, and issued for an event after the account's links were last revoked. */
const USABLE = `l."tokenHash" = $1 AND l.purpose = $2::"EmailLinkPurpose" AND l."usedAt" IS NULL AND l."expiresAt" > $3::timestamp
   AND u.id = l."userId" AND (u."emailLinksRevokedAt" IS NULL OR l."createdAt" > u."emailLinksRevokedAt")`;
const COLUMNS = `l.id, l."userId", l."deviceId", l."auditEventId"`;

/**
 * The link a token names, if it can be used now — without using it (the page a link opens shows
 * what it will do before anything happens).
 */
export async function peekEmailLink(token: unknown, purpose: EmailLinkPurpose, now = new Date()): Promise<EmailLinkRow | null> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  const [row] = await rawQuery<EmailLinkRow>(`SELECT ${COLUMNS} FROM "EmailLink" l, "User" u WHERE ${USABLE}`, [
    sha256(token),
    purpose,
    now.toISOString(),
  ]);
  return row ?? null;
}

/**
 * Uses the link, inside the caller's transaction: at most once, even with two clicks at the same
 * moment (the UPDATE's condition is rechecked under the row lock). Null when it cannot be used.
 */
export async function consumeEmailLink(tx: Tx, token: unknown, purpose: EmailLinkPurpose, now = new Date()): Promise<EmailLinkRow | null> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  const [row] = await tx.$queryRawUnsafe<EmailLinkRow[]>(
    `UPDATE "EmailLink" l SET "usedAt" = $3::timestamp FROM "User" u WHERE ${USABLE} RETURNING ${COLUMNS}`,
    sha256(token),
    purpose,
    now.toISOString(),
  );
  return row ?? null;
}
