import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { AppError } from "@/server/errors";
import { generateToken, type TokenKind } from "@/server/api-tokens/token-secret";
import { toApiTokenSummary } from "@/server/api-tokens/list-api-tokens";
import type { ApiTokenSummary } from "@/lib/validation/api-tokens";

/** Active tokens a user (or the installation, for server keys) may hold at once. */
export const MAX_ACTIVE_TOKENS = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CreateApiTokenInput = { actor: Actor; kind: TokenKind; name: string; expiresInDays: number };

/**
 * Creates a personal access token for the acting user (PERSONAL) or a server key (SERVER, admins
 * only). The token is returned once, here; only its hash is kept.
 */
export async function createApiToken({
  actor,
  kind,
  name,
  expiresInDays,
}: CreateApiTokenInput): Promise<{ token: string; summary: ApiTokenSummary }> {
  if (kind === "SERVER") assertAdmin(actor);
  const ownerId = actor.userId;
  if (!ownerId) throw new AppError("FORBIDDEN", "Only a signed-in user can create tokens.");
  const { token, tokenHash, prefix } = generateToken(kind);
  const now = new Date();
  const row = await db.$transaction(async (tx) => {
    // Serialise creations per owner so the limit holds under concurrent requests.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`api-tokens:${kind}:${kind === "SERVER" ? "" : ownerId}`}))`;
    const active = await tx.apiToken.count({
      where: { kind, userId: kind === "PERSONAL" ? ownerId : null, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (active >= MAX_ACTIVE_TOKENS)
      throw new AppError("CONFLICT", `You already have ${MAX_ACTIVE_TOKENS} active tokens. Revoke one first.`);
    const created = await tx.apiToken.create({
      data: {
        kind,
        name,
        tokenHash,
        prefix,
        createdById: ownerId,
        userId: kind === "PERSONAL" ? ownerId : null,
        createdAt: now,
        expiresAt: expiresInDays > 0 ? new Date(now.getTime() + expiresInDays * DAY_MS) : null,
      },
      include: { createdBy: { select: { name: true } } },
    });
    await recordEvent(tx, {
      actorId: ownerId,
      userId: ownerId,
      type: kind === "PERSONAL" ? "API_TOKEN_CREATED" : "SERVER_KEY_CREATED",
      context: actor.context,
      detail: { name, tokenId: created.id, prefix, expiresAt: created.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, summary: toApiTokenSummary(row, now) };
}
