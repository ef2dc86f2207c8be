import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { AppError, notFound } from "@/server/errors";
import type { TokenKind } from "@/server/api-tokens/token-secret";
import { apiTokenIdSchema } from "@/lib/validation/api-tokens";

/** What a token of this kind is called where it is not found. */
export const tokenNoun = (kind: TokenKind) => (kind === "PERSONAL" ? "Token" : "API key");

/**
 * Revokes one of the acting user's personal access tokens, or (admins) one server key, or
 * (admins, with `ownerId`) one personal access token of that user. The next request with it
 * fails. Revoking twice, or a token that is not the owner's, answers "Token not found".
 */
export async function revokeApiToken({
  actor,
  kind,
  tokenId,
  ownerId,
}: {
  actor: Actor;
  kind: TokenKind;
  tokenId: string;
  ownerId?: string;
}): Promise<{ name: string }> {
  if (kind === "SERVER" || ownerId) assertAdmin(actor);
  const actorId = actor.userId;
  if (!actorId) throw new AppError("FORBIDDEN", "Only a signed-in user can revoke tokens.");
  const owner = ownerId ?? actorId;
  const what = tokenNoun(kind);
  if (!apiTokenIdSchema.safeParse(tokenId).success) throw notFound(what);
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id: tokenId, kind, revokedAt: null, ...(kind === "PERSONAL" ? { userId: owner } : {}) },
      select: { id: true, name: true, prefix: true },
    });
    if (!token) throw notFound(what);
    // Conditional on still being active, so two concurrent revokes write (and audit) once.
    const { count } = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (!count) throw notFound(what);
    await recordEvent(tx, {
      actorId,
      userId: kind === "PERSONAL" ? owner : actorId,
      type: kind === "PERSONAL" ? "API_TOKEN_REVOKED" : "SERVER_KEY_REVOKED",
      context: actor.context,
      detail: { name: token.name, tokenId: token.id, prefix: token.prefix },
    });
    return { name: token.name };
  });
}
