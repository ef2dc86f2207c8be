import "server-only";
import { rawQuery, sqlEpochMs } from "@/server/db/client";
import { LAST_SEEN_THROTTLE_MS } from "@/server/config";
import { hashToken, TOKEN_FORMAT, type TokenKind } from "@/server/api-tokens/token-secret";

export type ValidatedToken =
  | { kind: "PERSONAL"; tokenId: string; name: string; userId: string; role: "USER" | "ADMIN"; email: string; userName: string }
  | { kind: "SERVER"; tokenId: string; name: string };

type TokenRow = {
  id: string;
  kind: TokenKind;
  name: string;
  userId: string | null;
  role: "USER" | "ADMIN" | null;
  email: string | null;
  userName: string | null;
  lastUsedMs: number | null;
};

/**
 * Looks a presented token up by its hash and says whether it still stands: not revoked, not
 * expired, and (personal tokens) its user not disabled. Runs on every API request, like the
 * Session check for browsers, as one statement. lastUsedAt is refreshed at most once a minute.
 */
export async function validateApiToken(token: string, now = new Date()): Promise<ValidatedToken | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const at = now.toISOString();
  const [row] = await rawQuery<TokenRow>(
    `SELECT t.id, t.kind::text AS kind, t.name, u.id AS "userId", u.role::text AS role, u.email, u.name AS "userName",
            ${sqlEpochMs(`t."lastUsedAt"`)} AS "lastUsedMs"
       FROM "ApiToken" t
       LEFT JOIN "User" u ON u.id = t."userId"
      WHERE t."tokenHash" = $1 AND t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > $2::timestamp)
        AND (t.kind = 'SERVER' OR u."disabledAt" IS NULL)`,
    [hashToken(token), at],
  );
  if (!row || (row.kind === "PERSONAL" && !row.userId)) return null;
  if (row.lastUsedMs === null || now.getTime() - row.lastUsedMs >= LAST_SEEN_THROTTLE_MS) {
    // Conditional on the value read, so concurrent requests write once.
    await rawQuery(
      `UPDATE "ApiToken" SET "lastUsedAt" = $2::timestamp
        WHERE id = $1::uuid AND "lastUsedAt" IS NOT DISTINCT FROM (to_timestamp($3::float8 / 1000) AT TIME ZONE 'UTC')`,
      [row.id, at, row.lastUsedMs],
    );
  }
  return row.kind === "PERSONAL"
    ? {
        kind: "PERSONAL",
        tokenId: row.id,
        name: row.name,
        userId: row.userId!,
        role: row.role!,
        email: row.email!,
        userName: row.userName!,
      }
    : { kind: "SERVER", tokenId: row.id, name: row.name };
}

export const describeCredential = (t: { kind: TokenKind; name: string }) =>
  t.kind === "PERSONAL" ? `personal access token “${t.name}”` : `server API key “${t.name}”`;
