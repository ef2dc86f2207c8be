import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseMode, type Env } from "@/server/db/adapter";

export class ConfigError extends Error {
  override name = "ConfigError";
}

let cachedSecret: string | undefined;

/**
 * The secret that signs session tokens and derives encryption keys.
 * AUTH_SECRET (or NEXTAUTH_SECRET) wins; the embedded demo mode generates one under .data/ so it
 * works with zero setup; with PostgreSQL we refuse to guess, because a secret regenerated on each
 * host would sign everyone out and split a cluster.
 */
export function getAuthSecret(env: Env = process.env): string {
  const configured = (env.AUTH_SECRET || env.NEXTAUTH_SECRET)?.trim();
  if (configured) {
    if (configured.length < 32) throw new ConfigError("AUTH_SECRET must be at least 32 characters (try: openssl rand -base64 32).");
    return configured;
  }
  if (cachedSecret) return cachedSecret;
  if (databaseMode(env) === "postgres") {
    throw new ConfigError(
      "AUTH_SECRET is not set. With DATABASE_URL pointing at PostgreSQL, set AUTH_SECRET to a random string of at least 32 characters (openssl rand -base64 32).",
    );
  }
  const file = path.resolve(/*turbopackIgnore: true*/ env.DEVICEKEEPER_DATA_DIR || ".data", "auth-secret");
  try {
    cachedSecret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fresh = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
      cachedSecret = fresh;
    } catch {
      cachedSecret = fs.readFileSync(file, "utf8").trim(); // another process won the race
    }
  }
  return cachedSecret!;
}

/**
 * Secrets being rotated out (AUTH_SECRET_PREVIOUS, comma-separated): still accepted to read what
 * they sealed or signed — session cookies, TOTP and push secrets, recovery codes — while
 * everything new uses AUTH_SECRET, and what is read with an old one is re-sealed with the new.
 */
export function getPreviousAuthSecrets(env: Env = process.env): string[] {
  const list = (env.AUTH_SECRET_PREVIOUS ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  for (const v of list) if (v.length < 32) throw new ConfigError("Each AUTH_SECRET_PREVIOUS entry must be at least 32 characters.");
  return list;
}

/** Cookies get the Secure flag when the app is served over https. */
export function secureCookiesEnabled(env: Env = process.env): boolean {
  const url = env.AUTH_URL || env.NEXTAUTH_URL || "";
  return url.startsWith("https://");
}

/** A positive number from the environment, or the fallback. */
export const envNumber = (v: string | undefined, fallback: number) => (Number(v) > 0 ? Number(v) : fallback);
export const DAY_MS = 24 * 60 * 60 * 1000;
const days = (v: string | undefined, fallback: number) => envNumber(v, fallback) * DAY_MS;

/**
 * How long a session lasts: at most SESSION_MAX_DAYS (default 30) from sign-in, and it ends after
 * SESSION_IDLE_DAYS (default 14) without a request. Both are checked on every request.
 */
export function sessionPolicy(env: Env = process.env): { maxAgeMs: number; idleMs: number } {
  return { maxAgeMs: days(env.SESSION_MAX_DAYS, 30), idleMs: days(env.SESSION_IDLE_DAYS, 14) };
}
/**
 * The two instants a "still live" session check compares with, as SQL parameters: now (against
 * `expiresAt`) and the idle cutoff (against `lastSeenAt`).
 */
export function liveSessionBounds(now = new Date()): [now: string, idleSince: string] {
  return [now.toISOString(), new Date(now.getTime() - sessionPolicy().idleMs).toISOString()];
}
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60; // the most browsers accept
/** lastSeenAt is written at most this often per session, so reads stay reads. */
export const LAST_SEEN_THROTTLE_MS = 60_000;

/**
 * How long a temporary access code an administrator issues stays usable: TEMPORARY_ACCESS_CODE_MINUTES
 * (default 60), kept within 5 minutes and a day — a code that outlives the working day it was issued
 * for is a password nobody is watching.
 */
export function temporaryAccessCodeMinutes(env: Env = process.env): number {
  return Math.min(1440, Math.max(5, Math.round(envNumber(env.TEMPORARY_ACCESS_CODE_MINUTES, 60))));
}
