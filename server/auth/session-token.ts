import "server-only";
import crypto from "node:crypto";
import { jwtDecrypt, type JWTPayload } from "jose";
import { getAuthSecret, getPreviousAuthSecrets } from "@/server/config";

const keys = new Map<string, crypto.KeyObject>();

/**
 * next-auth v4's session-token key (HKDF-SHA256 of the secret, empty salt, its fixed info string),
 * derived once per secret instead of on every request as `next-auth/jwt`'s decode does.
 */
function encryptionKey(secret: string): crypto.KeyObject {
  let key = keys.get(secret);
  if (!key)
    keys.set(
      secret,
      (key = crypto.createSecretKey(Buffer.from(crypto.hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32)))),
    );
  return key;
}

/**
 * The payload of a next-auth session cookie (a JWE), or null when it is not one of ours or has
 * expired. Cookies made with a secret being rotated out (AUTH_SECRET_PREVIOUS) still open, so a
 * rotation signs nobody out; next-auth issues new ones with AUTH_SECRET.
 */
export async function decodeSessionToken(token: string): Promise<(JWTPayload & { sid?: unknown }) | null> {
  for (const secret of [getAuthSecret(), ...getPreviousAuthSecrets()]) {
    try {
      return (await jwtDecrypt(token, encryptionKey(secret), { clockTolerance: 15 })).payload;
    } catch {
      // not this key: try the next
    }
  }
  return null;
}
