import "server-only";
import crypto from "node:crypto";
import { sha256 } from "@/server/crypto/secret-box";

export type TokenKind = "PERSONAL" | "SERVER";

const PREFIX: Record<TokenKind, string> = { PERSONAL: "pat_", SERVER: "sk_" };

/** pat_… / sk_… followed by base64url: what a token looks like. Anything else is refused unread. */
export const TOKEN_FORMAT = /^(pat|sk)_[A-Za-z0-9_-]{8,128}$/;

/** A new token: 32 random bytes. Only its sha256 is stored (high-entropy, so no slow hash is needed). */
export function generateToken(kind: TokenKind): { token: string; tokenHash: string; prefix: string } {
  const token = PREFIX[kind] + crypto.randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token), prefix: displayPrefix(token) };
}

export const hashToken = (token: string) => sha256(token);

/** "pat_AbCd…": enough to tell tokens apart in a list, far too little to guess the rest. */
export const displayPrefix = (token: string) => token.slice(0, token.indexOf("_") + 5);

export const kindOfToken = (token: string): TokenKind | null =>
  token.startsWith(PREFIX.PERSONAL) ? "PERSONAL" : token.startsWith(PREFIX.SERVER) ? "SERVER" : null;
