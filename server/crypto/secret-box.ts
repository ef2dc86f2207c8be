import "server-only";
import crypto from "node:crypto";
import { getAuthSecret, getPreviousAuthSecrets } from "@/server/config";

// Keys are derived from the app secret per purpose, so one never decrypts another's data.
const keys = new Map<string, Buffer>();
function key(purpose: string, secret = getAuthSecret()): Buffer {
  const id = `${purpose}\0${secret}`;
  let k = keys.get(id);
  if (!k) {
    k = Buffer.from(crypto.hkdfSync("sha256", secret, "devicekeeper", `secret-box:${purpose}`, 32));
    keys.set(id, k);
  }
  return k;
}

/** The current secret, then the ones being rotated out (AUTH_SECRET_PREVIOUS). */
const secrets = () => [getAuthSecret(), ...getPreviousAuthSecrets()];

/** AES-256-GCM; the result is "v1.<base64url(iv | tag | ciphertext)>". */
export function seal(plaintext: string, purpose: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

function openWith(raw: Buffer, purpose: string, secret: string): string | null {
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(purpose, secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * The plaintext, and whether it was sealed with a secret being rotated out (`stale`: the caller
 * should store `seal(plaintext)` again); null when the box was tampered with, or made for another
 * purpose or key.
 */
export function openRotating(sealed: string, purpose: string): { plaintext: string; stale: boolean } | null {
  if (!sealed.startsWith("v1.")) return null;
  const raw = Buffer.from(sealed.slice(3), "base64url");
  if (raw.length < 28) return null;
  const all = secrets();
  for (let i = 0; i < all.length; i++) {
    const plaintext = openWith(raw, purpose, all[i]!);
    if (plaintext !== null) return { plaintext, stale: i > 0 };
  }
  return null;
}

/** The plaintext (current or previous secret), or null. */
export const open = (sealed: string, purpose: string): string | null => openRotating(sealed, purpose)?.plaintext ?? null;

/** Seals a value as JSON: for short-lived tokens the browser carries back (enrolments, challenges). */
export const sealJson = (value: unknown, purpose: string) => seal(JSON.stringify(value), purpose);

/** The value sealed by `sealJson` for this purpose, or null. Only our own JSON can get past the tag. */
export function openJson<T>(sealed: string | null | undefined, purpose: string): T | null {
  const raw = sealed ? open(sealed, purpose) : null;
  return raw ? (JSON.parse(raw) as T) : null;
}

/** A keyed hash for low-entropy-but-random values we must look up (recovery codes). */
export function keyedHash(value: string, purpose: string, secret = getAuthSecret()): string {
  return crypto
    .createHmac("sha256", key(`hmac:${purpose}`, secret))
    .update(value)
    .digest("hex");
}

/** The keyed hash under the current secret and each previous one: look stored values up by any. */
export const keyedHashes = (value: string, purpose: string): string[] => secrets().map((secret) => keyedHash(value, purpose, secret));

export const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");
