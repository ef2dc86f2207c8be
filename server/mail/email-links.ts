import "server-only";
import crypto from "node:crypto";
import type { Tx } from "@/server/db";
import { db } from "@/server/db";
import { sha256 } from "@/server/crypto/secret-box";
import type { EmailLinkPurpose } from "@/prisma/generated/client";

/** How long a link works: "This was me / This wasn't me" 7 days, a password reset 30 minutes. */
export const EMAIL_LINK_TTL_MS: Record<EmailLinkPurpose, number> = {
  DEVICE_REPORT: 7 * 24 * 60 * 60 * 1000,
  PASSWORD_RESET: 30 * 60 * 1000,
};

/** Tokens are 32 random bytes, base64url: 43 characters. Anything else is not one of ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new single-use link token; only its SHA-256 is stored. */
export async function createEmailLink(
  tx: Tx,
  {
    purpose,
    userId,
    deviceId = null,
    now = new Date(),
  }: { purpose: EmailLinkPurpose; userId: string; deviceId?: string | null; now?: Date },
): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await tx.emailLink.create({
    data: {
      tokenHash: sha256(token),
      purpose,
      userId,
      deviceId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_LINK_TTL_MS[purpose]),
    },
  });
  return token;
}

export type EmailLinkRow = { id: string; userId: string; deviceId: string | null; expiresAt: Date };

/**
 * The link a token names, if it is for this purpose, unused and unexpired — without using it
 * (the page a link opens shows what it will do before anything happens).
 */
export async function peekEmailLink(token: unknown, purpose: EmailLinkPurpose, now = new Date()): Promise<EmailLinkRow | null> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  return db.emailLink.findFirst({
    where: { tokenHash: sha256(token), purpose, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true, deviceId: true, expiresAt: true },
  });
}

/**
 * Uses the link, inside the caller's transaction: at most once, even with two clicks at the same
 * moment (the UPDATE's condition is rechecked under the row lock). Null when it cannot be used.
 */
export async function consumeEmailLink(tx: Tx, token: unknown, purpose: EmailLinkPurpose, now = new Date()): Promise<EmailLinkRow | null> {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  const [row] = await tx.$queryRaw<EmailLinkRow[]>`
    UPDATE "EmailLink" SET "usedAt" = ${now.toISOString()}::timestamp
     WHERE "tokenHash" = ${sha256(token)} AND purpose = ${purpose}::"EmailLinkPurpose" AND "usedAt" IS NULL
       AND "expiresAt" > ${now.toISOString()}::timestamp
    RETURNING id, "userId", "deviceId", "expiresAt"`;
  return row ?? null;
}
