import "server-only";
import { countRateLimited, countSignInFailure } from "@/server/observability/metrics";
import { rawQuery, sqlEpochMs } from "@/server/db";
import { envNumber } from "@/server/config";
import { sha256 } from "@/server/crypto/secret-box";
import { verifyPassword } from "@/server/auth/password";

/**
 * Brute-force limits on password checks (sign-in and step-up), counted in the database so they
 * hold across instances. Within a window of SIGNIN_LOCK_MINUTES (default 15):
 * - SIGNIN_MAX_FAILURES (default 10) failures for one account from one client lock that client
 *   out of that account until the oldest of them leaves the window;
 * - SIGNIN_MAX_CLIENT_FAILURES (default 100) failures from one client, across accounts
 *   (credential stuffing), lock that client out of every account the same way.
 * A locked attempt is refused before any bcrypt runs and is not counted (the lock does not grow);
 * other clients and other accounts are unaffected; a right password clears the account+client
 * count. Accounts are keyed by the normalised email whether or not it exists, so the answer
 * reveals nothing.
 */
export type ThrottleLimits = { maxFailures: number; maxClientFailures: number; windowMs: number };

export function throttleLimits(env = process.env): ThrottleLimits {
  return {
    maxFailures: envNumber(env.SIGNIN_MAX_FAILURES, 10),
    maxClientFailures: envNumber(env.SIGNIN_MAX_CLIENT_FAILURES, 100),
    windowMs: envNumber(env.SIGNIN_LOCK_MINUTES, 15) * 60_000,
  };
}

export type Throttle = { locked: false } | { locked: true; retryAfterSeconds: number };
type Key = { email: string; ip: string | null };

const accountHash = (email: string) => sha256(email.trim().toLowerCase());
// A request without an address (not served through the front door: scripts, tests) is one client.
const clientOf = (ip: string | null) => ip ?? "unknown";

/** Whether this client may try this account's password now. One statement. */
export async function checkThrottle({ email, ip }: Key, limits = throttleLimits(), now = new Date()): Promise<Throttle> {
  const since = new Date(now.getTime() - limits.windowMs).toISOString();
  // The lock lifts when the Nth most recent failure leaves the window (fewer than N remain).
  const [row] = await rawQuery<{ accountUnlockMs: number | null; clientUnlockMs: number | null }>(
    `WITH f AS (SELECT "accountHash", "createdAt" FROM "AuthFailure" WHERE ip = $2 AND "createdAt" > $3::timestamp)
     SELECT (SELECT ${sqlEpochMs(`"createdAt"`)} FROM f WHERE "accountHash" = $1
              ORDER BY "createdAt" DESC OFFSET $4 LIMIT 1) AS "accountUnlockMs",
            (SELECT ${sqlEpochMs(`"createdAt"`)} FROM f
              ORDER BY "createdAt" DESC OFFSET $5 LIMIT 1) AS "clientUnlockMs"`,
    [accountHash(email), clientOf(ip), since, limits.maxFailures - 1, limits.maxClientFailures - 1],
  );
  const from = Math.max(row?.accountUnlockMs ?? 0, row?.clientUnlockMs ?? 0);
  if (!from) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((from + limits.windowMs - now.getTime()) / 1000)) };
}

/** Counts one failed password for this account from this client. */
async function recordFailure({ email, ip }: Key, now = new Date()): Promise<void> {
  await rawQuery(`INSERT INTO "AuthFailure" (id, "accountHash", ip, "createdAt") VALUES (gen_random_uuid(), $1, $2, $3::timestamp)`, [
    accountHash(email),
    clientOf(ip),
    now.toISOString(),
  ]);
}

export type PasswordCheck = { status: "ok" } | { status: "wrong" } | { status: "locked"; retryAfterSeconds: number };

/**
 * A password check under the limits — every one goes through here (sign-in, step-up, password
 * change): refused before bcrypt runs while locked; a wrong password counts; a right one clears
 * the count. `hash` is null for an unknown account, which then costs the same and counts the same.
 */
export async function checkPasswordLimited(client: Key, password: string, hash: string | null | undefined): Promise<PasswordCheck> {
  const throttle = await checkThrottle(client);
  if (throttle.locked) {
    countRateLimited("password");
    return { status: "locked", retryAfterSeconds: throttle.retryAfterSeconds };
  }
  if (!(await verifyPassword(password, hash))) {
    countSignInFailure("password");
    await recordFailure(client);
    return { status: "wrong" };
  }
  await clearFailures(client);
  return { status: "ok" };
}

/** A right password clears this client's count for the account. */
async function clearFailures({ email, ip }: Key): Promise<void> {
  await rawQuery(`DELETE FROM "AuthFailure" WHERE "accountHash" = $1 AND ip = $2`, [accountHash(email), clientOf(ip)]);
}

/**
 * The user's history gets one "failed sign-in attempts" row per client and reason per window,
 * its count kept up to date, rather than a row per guess (an anonymous visitor could flood it).
 */
export async function auditFailure(
  {
    userId,
    ip,
    userAgent,
    reason,
    deviceId = null,
  }: { userId: string; ip: string | null; userAgent: string | null; reason: string; deviceId?: string | null },
  limits = throttleLimits(),
  now = new Date(),
): Promise<void> {
  await rawQuery(
    `WITH latest AS (SELECT id FROM "AuditEvent"
                      WHERE "userId" = $1::uuid AND type = 'SIGN_IN_FAILED' AND ip IS NOT DISTINCT FROM $2 AND detail->>'reason' = $4
                        AND "createdAt" > $6::timestamp
                      ORDER BY "createdAt" DESC LIMIT 1 FOR UPDATE),
          bumped AS (UPDATE "AuditEvent" e
                        SET detail = e.detail || jsonb_build_object('count', coalesce((e.detail->>'count')::int, 1) + 1, 'lastAt', $5::text)
                       FROM latest WHERE e.id = latest.id RETURNING e.id)
     INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, ip, "userAgent", detail, "createdAt")
     SELECT gen_random_uuid(), $1::uuid, $1::uuid, $7::uuid, 'SIGN_IN_FAILED', $2, $3, jsonb_build_object('reason', $4::text, 'count', 1), $5::timestamp
      WHERE NOT EXISTS (SELECT 1 FROM bumped)`,
    [userId, ip, userAgent, reason, now.toISOString(), new Date(now.getTime() - limits.windowMs).toISOString(), deviceId],
  );
}

/**
 * The signed-in user's own password, asked again (step-up, password change): under the same
 * limits as sign-in, and a wrong one goes into their history like a failed sign-in.
 */
export async function checkOwnPassword(
  session: { userId: string; email: string; deviceId: string },
  password: string,
  hash: string | null | undefined,
  context: { ip: string | null; userAgent: string | null },
  reason: "step-up" | "password-change",
): Promise<PasswordCheck> {
  const check = await checkPasswordLimited({ email: session.email, ip: context.ip }, password, hash);
  if (check.status === "wrong") {
    await auditFailure({ userId: session.userId, ip: context.ip, userAgent: context.userAgent, reason, deviceId: session.deviceId });
  }
  return check;
}

/**
 * For attempts limited per account and client whether they succeed or not (password reset
 * requests, invalid API credentials): whether this one is over the limit — then nothing is
 * counted — else counts it. `kind` labels the metrics.
 */
export async function countLimitedRequest(key: Key, limits: ThrottleLimits, kind = "request"): Promise<Throttle> {
  const throttle = await checkThrottle(key, limits);
  if (throttle.locked) countRateLimited(kind);
  else await recordFailure(key);
  return throttle;
}

/** The pseudo-account under which invalid REST API credentials are counted, per client. */
const API_CREDENTIAL = "api-credential";

/**
 * For an invalid API credential (token or server key): whether this client is already over its
 * ceiling (SIGNIN_MAX_CLIENT_FAILURES invalid credentials in the window, like credential stuffing
 * at sign-in) — then the answer is 429 and nothing is counted — else counts this one. Only
 * failures pay for this: valid credentials are never slowed or refused.
 */
export async function countCredentialFailure(ip: string | null, limits = throttleLimits()): Promise<Throttle> {
  const throttle = await countLimitedRequest(
    { email: API_CREDENTIAL, ip },
    { ...limits, maxFailures: limits.maxClientFailures },
    "api_credential",
  );
  if (!throttle.locked) countSignInFailure("api_credential");
  return throttle;
}
