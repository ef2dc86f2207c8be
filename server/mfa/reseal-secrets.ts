import "server-only";
import type { PrismaClient } from "@/prisma/generated/client";
import { openRotating, seal } from "@/server/crypto/secret-box";
import { MECHANISM_SECRET_PURPOSE, PUSH_TOKEN_PURPOSE } from "@/server/mfa/register-mobile-authenticator";
import { TOTP_SECRET_PURPOSE } from "@/server/mfa/totp";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/webhooks/webhook-secret";

const purposeOf = (kind: string, column: "secretEnc" | "pushTokenEnc") =>
  column === "pushTokenEnc" ? PUSH_TOKEN_PURPOSE : kind === "TOTP" ? TOTP_SECRET_PURPOSE : MECHANISM_SECRET_PURPOSE;

/**
 * After AUTH_SECRET is rotated (the old one in AUTH_SECRET_PREVIOUS): seals every stored TOTP
 * secret, push mechanism secret, push token and webhook signing secret with the new secret now,
 * rather than at its next use. Counts what it changed, and what no configured secret can read.
 */
export async function resealSecrets(db: PrismaClient): Promise<{ checked: number; resealed: number; unreadable: number }> {
  let resealed = 0;
  let unreadable = 0;
  const rows = await db.authenticator.findMany({
    where: { OR: [{ secretEnc: { not: null } }, { pushTokenEnc: { not: null } }] },
    select: { id: true, kind: true, secretEnc: true, pushTokenEnc: true },
  });
  for (const row of rows) {
    const data: Partial<Record<"secretEnc" | "pushTokenEnc", string>> = {};
    for (const column of ["secretEnc", "pushTokenEnc"] as const) {
      const sealed = row[column];
      if (!sealed) continue;
      const opened = openRotating(sealed, purposeOf(row.kind, column));
      if (!opened) unreadable++;
      else if (opened.stale) data[column] = seal(opened.plaintext, purposeOf(row.kind, column));
    }
    if (Object.keys(data).length) {
      // Conditional on what was read, so a concurrent use that re-sealed it first is not undone.
      await db.authenticator.updateMany({ where: { id: row.id, secretEnc: row.secretEnc, pushTokenEnc: row.pushTokenEnc }, data });
      resealed++;
    }
  }
  const endpoints = await db.webhookEndpoint.findMany({ select: { id: true, secretEnc: true, previousSecretEnc: true } });
  for (const row of endpoints) {
    const data: Partial<Record<"secretEnc" | "previousSecretEnc", string>> = {};
    for (const column of ["secretEnc", "previousSecretEnc"] as const) {
      const sealed = row[column];
      if (!sealed) continue;
      const opened = openRotating(sealed, WEBHOOK_SECRET_PURPOSE);
      if (!opened) unreadable++;
      else if (opened.stale) data[column] = seal(opened.plaintext, WEBHOOK_SECRET_PURPOSE);
    }
    if (Object.keys(data).length) {
      await db.webhookEndpoint.updateMany({
        where: { id: row.id, secretEnc: row.secretEnc, previousSecretEnc: row.previousSecretEnc },
        data,
      });
      resealed++;
    }
  }
  return { checked: rows.length + endpoints.length, resealed, unreadable };
}
