import "server-only";
import { db } from "@/server/db";
import { LAST_SEEN_THROTTLE_MS } from "@/server/config";
import { hashToken, TOKEN_FORMAT, type TokenKind } from "@/server/api-tokens/token-secret";

export type ValidatedToken =
  | { kind: "PERSONAL"; tokenId: string; name: string; userId: string; role: "USER" | "ADMIN" }
  | { kind: "SERVER"; tokenId: string; name: string };

/**
 * Looks a presented token up by its hash and says whether it still stands: not revoked, not
 * expired, and (personal tokens) its user not disabled. Runs on every API request, like the
 * Session check for browsers. lastUsedAt is refreshed at most once a minute.
 */
export async function validateApiToken(token: string, now = new Date()): Promise<ValidatedToken | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, kind: true, name: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, role: true, disabledAt: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (row.kind === "PERSONAL" && (!row.user || row.user.disabledAt)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_SEEN_THROTTLE_MS) {
    await db.apiToken.updateMany({ where: { id: row.id, lastUsedAt: row.lastUsedAt }, data: { lastUsedAt: now } });
  }
  return row.kind === "PERSONAL"
    ? { kind: "PERSONAL", tokenId: row.id, name: row.name, userId: row.user!.id, role: row.user!.role }
    : { kind: "SERVER", tokenId: row.id, name: row.name };
}

export const describeCredential = (t: { kind: TokenKind; name: string }) =>
  t.kind === "PERSONAL" ? `personal access token “${t.name}”` : `server API key “${t.name}”`;
