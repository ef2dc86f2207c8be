import "server-only";
import crypto from "node:crypto";
import { jwtDecrypt, type JWTPayload } from "jose";
import { getAuthSecret } from "@/server/config";

let cached: { secret: string; key: crypto.KeyObject } | undefined;

/**
 * next-auth v4's session-token key (HKDF-SHA256 of the secret, empty salt, its fixed info string),
 * derived once per secret instead of on every request as `next-auth/jwt`'s decode does.
 */
function encryptionKey(): crypto.KeyObject {
  const secret = getAuthSecret();
  if (cached?.secret !== secret) {
    const raw = crypto.hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32);
    cached = { secret, key: crypto.createSecretKey(Buffer.from(raw)) };
  }
  return cached.key;
}

/** The payload of a next-auth session cookie (a JWE), or null when it is not one of ours or has expired. */
export async function decodeSessionToken(token: string): Promise<(JWTPayload & { sid?: unknown }) | null> {
  try {
    return (await jwtDecrypt(token, encryptionKey(), { clockTolerance: 15 })).payload;
  } catch {
    return null;
  }
}
