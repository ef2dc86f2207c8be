import "server-only";
import { db } from "@/server/db/client";
import type { TokenKind } from "@/server/api-tokens/token-secret";
import type { ApiTokenSummary } from "@/lib/validation/api-tokens";

type Row = {
  id: string;
  kind: "PERSONAL" | "SERVER";
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdBy: { name: string } | null;
};

export function toApiTokenSummary(row: Row, now = new Date()): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired: !!row.expiresAt && row.expiresAt <= now,
    createdBy: row.kind === "SERVER" ? (row.createdBy?.name ?? null) : null,
  };
}

/**
 * Unrevoked tokens, newest first: a user's personal access tokens, or (for admins; the caller
 * checks the role) the installation's server keys. Expired ones stay listed, marked, until revoked.
 */
export async function listApiTokens({ kind, userId }: { kind: TokenKind; userId?: string }): Promise<ApiTokenSummary[]> {
  const rows = await db.apiToken.findMany({
    where: { kind, revokedAt: null, ...(kind === "PERSONAL" ? { userId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      kind: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      createdBy: { select: { name: true } },
    },
  });
  const now = new Date();
  return rows.map((r) => toApiTokenSummary(r, now));
}
