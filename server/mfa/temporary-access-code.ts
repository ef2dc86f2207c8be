import "server-only";
import crypto from "node:crypto";
import type { Tx } from "@/server/db/client";
import { sha256 } from "@/server/crypto/secret-box";

/** No 0/O, 1/I/L: a code read aloud over the phone or copied from a chat survives it. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 16;

/**
 * A new temporary access code: 16 symbols of 31 (79 bits, drawn without modulo bias), shown in
 * groups of four ("K7QM-2XRD-PW4T-9HNC"). Long enough that one guess in the second step's few
 * allowed tries (server/mfa/rate-limit.ts) never matters, short enough to read out.
 */
export function newTemporaryAccessCode(): string {
  const chars: string[] = [];
  while (chars.length < LENGTH) chars.push(ALPHABET[crypto.randomInt(ALPHABET.length)]!);
  return chars.join("").replace(/(.{4})(?!$)/g, "$1-");
}

/** The code as typed: case, spaces and dashes do not matter. */
export const normaliseTemporaryAccessCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** What is stored: the SHA-256 of the normalised code (79 random bits need no slow hash). */
export const hashTemporaryAccessCode = (code: string) => sha256(normaliseTemporaryAccessCode(code));

/** The user's live code (not used, not ended, not expired), if any: at most one, the newest. */
export async function liveTemporaryAccessCode(tx: Tx, userId: string, now = new Date()) {
  return tx.temporaryAccessCode.findFirst({
    where: { userId, usedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, codeHash: true, createdAt: true, expiresAt: true },
  });
}

/** Whether `code` is the one hashed as `codeHash`, compared in constant time. */
export function matchesTemporaryAccessCode(code: string, codeHash: string): boolean {
  const given = Buffer.from(hashTemporaryAccessCode(code), "hex");
  const stored = Buffer.from(codeHash, "hex");
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}
