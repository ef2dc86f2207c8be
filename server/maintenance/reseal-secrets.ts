import "server-only";
import type { PrismaClient } from "@/prisma/generated/client";
import { openRotating, seal } from "@/server/crypto/secret-box";
import { MECHANISM_SECRET_PURPOSE, PUSH_TOKEN_PURPOSE } from "@/server/mfa/register-mobile-authenticator";
import { TOTP_SECRET_PURPOSE } from "@/server/mfa/totp";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/webhooks/webhook-secret";
import { CLIENT_SECRET_PURPOSE } from "@/server/oidc/client-secret";
import { SIGNING_KEY_PURPOSE } from "@/server/oidc/signing-keys";

export type ResealCounts = { checked: number; resealed: number; unreadable: number };

/**
 * One table's sealed columns: each row read, every column sealed with a secret being rotated out
 * sealed again with AUTH_SECRET, written back only if the row still holds what was read (a
 * concurrent use that re-sealed it first, or a rotation of the secret itself, is not undone).
 */
async function resealTable<Row extends { id: string }, Column extends keyof Row & string>(
  rows: Row[],
  columns: readonly Column[],
  purposeOf: (row: Row, column: Column) => string,
  write: (row: Row, data: Partial<Record<Column, string>>) => Promise<unknown>,
  counts: ResealCounts,
): Promise<void> {
  counts.checked += rows.length;
  for (const row of rows) {
    const data: Partial<Record<Column, string>> = {};
    for (const column of columns) {
      const sealed = row[column];
      if (typeof sealed !== "string") continue;
      const opened = openRotating(sealed, purposeOf(row, column));
      if (!opened) counts.unreadable++;
      else if (opened.stale) data[column] = seal(opened.plaintext, purposeOf(row, column));
    }
    if (Object.keys(data).length) {
      await write(row, data);
      counts.resealed++;
    }
  }
}

/**
 * `npm run secrets:reseal`, after AUTH_SECRET is rotated (the old one in AUTH_SECRET_PREVIOUS):
 * seals with the new secret now, rather than at next use, every secret stored sealed — TOTP
 * secrets, push mechanism secrets and push tokens, webhook signing secrets (current and previous),
 * apps' client secrets and the OpenID Provider's signing keys. Counts the rows it changed, and the
 * values no configured secret can read. Nothing it re-seals changes value: running instances go on
 * as they were.
 */
export async function resealSecrets(db: PrismaClient): Promise<ResealCounts> {
  const counts: ResealCounts = { checked: 0, resealed: 0, unreadable: 0 };

  await resealTable(
    await db.authenticator.findMany({
      where: { OR: [{ secretEnc: { not: null } }, { pushTokenEnc: { not: null } }] },
      select: { id: true, kind: true, secretEnc: true, pushTokenEnc: true },
    }),
    ["secretEnc", "pushTokenEnc"] as const,
    (row, column) =>
      column === "pushTokenEnc" ? PUSH_TOKEN_PURPOSE : row.kind === "TOTP" ? TOTP_SECRET_PURPOSE : MECHANISM_SECRET_PURPOSE,
    (row, data) => db.authenticator.updateMany({ where: { id: row.id, secretEnc: row.secretEnc, pushTokenEnc: row.pushTokenEnc }, data }),
    counts,
  );

  await resealTable(
    await db.webhookEndpoint.findMany({ select: { id: true, secretEnc: true, previousSecretEnc: true } }),
    ["secretEnc", "previousSecretEnc"] as const,
    () => WEBHOOK_SECRET_PURPOSE,
    (row, data) =>
      db.webhookEndpoint.updateMany({ where: { id: row.id, secretEnc: row.secretEnc, previousSecretEnc: row.previousSecretEnc }, data }),
    counts,
  );

  await resealTable(
    await db.oidcClient.findMany({ where: { secretEnc: { not: null } }, select: { id: true, secretEnc: true } }),
    ["secretEnc"] as const,
    () => CLIENT_SECRET_PURPOSE,
    (row, data) => db.oidcClient.updateMany({ where: { id: row.id, secretEnc: row.secretEnc }, data }),
    counts,
  );

  await resealTable(
    (await db.oidcSigningKey.findMany({ select: { kid: true, jwkEnc: true } })).map((k) => ({ id: k.kid, jwkEnc: k.jwkEnc })),
    ["jwkEnc"] as const,
    () => SIGNING_KEY_PURPOSE,
    (row, data) => db.oidcSigningKey.updateMany({ where: { kid: row.id, jwkEnc: row.jwkEnc }, data }),
    counts,
  );

  return counts;
}
