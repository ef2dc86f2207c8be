import "server-only";
import ipaddr from "ipaddr.js";
import { countRateLimited, countSignInFailure } from "@/server/observability/metrics";
import { rawQuery, sqlEpochMs, sqlIsoText } from "@/server/db/client";
import { envNumber } from "@/server/config";
import { sha256 } from "@/server/crypto/secret-box";
import { verifyPassword } from "@/server/auth/password";
import { auditInsertParams, auditInsertSql } from "@/server/audit/audit-insert-sql";

/**
 * Brute-force limits on password checks (sign-in, step-up, password change), counted in the
 * database so they hold across instances. Within a window of SIGNIN_LOCK_MINUTES (default 15):
 * - SIGNIN_MAX_FAILURES (default 10) failures for one account from one client lock that client
 *   out of that account until the oldest of them leaves the window;
 * - SIGNIN_MAX_CLIENT_FAILURES (default 100) failures from one client, across accounts
 *   (credential stuffing), lock that client out of every account the same way.
 * And across every client: SIGNIN_ACCOUNT_MAX_FAILURES (default 50) failures for one account
 * within SIGNIN_ACCOUNT_WINDOW_MINUTES (default 60) pause that account's password step for every
 * browser it has never signed in on — a distributed guess gets at most that many tries an hour —
 * while the owner's own devices (their device cookie proves it) still sign in.
 * A locked attempt is refused before any bcrypt runs and is not counted (the lock does not grow);
 * a right password clears the account+client count. Accounts are keyed by the normalised email
 * whether or not it exists, so the answer reveals nothing. A client is its IP address; an IPv6
 * client is its /64 (one subscriber's whole network).
 */
export type ThrottleLimits = {
  maxFailures: number;
  maxClientFailures: number;
  windowMs: number;
  /** The ceiling for one account across every client; absent where only per-client limits apply. */
  account?: { maxFailures: number; windowMs: number };
};

export function throttleLimits(env = process.env): ThrottleLimits {
  return {
    maxFailures: envNumber(env.SIGNIN_MAX_FAILURES, 10),
    maxClientFailures: envNumber(env.SIGNIN_MAX_CLIENT_FAILURES, 100),
    windowMs: envNumber(env.SIGNIN_LOCK_MINUTES, 15) * 60_000,
    account: {
      maxFailures: envNumber(env.SIGNIN_ACCOUNT_MAX_FAILURES, 50),
      windowMs: envNumber(env.SIGNIN_ACCOUNT_WINDOW_MINUTES, 60) * 60_000,
    },
  };
}

/** How long a counted attempt matters: the longest of the windows (the prune keeps them that long). */
export const failureRetentionMs = (limits = throttleLimits()) => Math.max(limits.windowMs, limits.account?.windowMs ?? 0);

/** Each purpose has counters of its own: wrong passwords never block reset requests from the same address. */
export type FailurePurpose = "PASSWORD" | "PASSWORD_RESET" | "API_CREDENTIAL";

/** `scope` "account": the account-wide ceiling, which a device already signed in on passes. */
export type Throttle = { locked: false } | { locked: true; retryAfterSeconds: number; scope: "client" | "account" };
type Key = { email: string; ip: string | null; purpose?: FailurePurpose };

const accountHash = (email: string) => sha256(email.trim().toLowerCase());

/**
 * The client an address counts as: an IPv4 address (or an IPv4-mapped IPv6 one) as itself, an
 * IPv6 address as its /64 — one subscriber's network, which hands out 2^64 addresses. A request
 * without an address (not served through the front door: scripts, tests) is one client.
 */
export function clientOf(ip: string | null): string {
  if (!ip) return "unknown";
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${prefix.map((p) => p.toString(16)).join(":")}::/64`).toString()}/64`;
}

/** Whether this client may try this account now. One statement. */
export async function checkThrottle(
  { email, ip, purpose = "PASSWORD" }: Key,
  limits = throttleLimits(),
  now = new Date(),
): Promise<Throttle> {
  const since = new Date(now.getTime() - limits.windowMs).toISOString();
  const account = limits.account;
  // Each lock lifts when the Nth most recent failure leaves its window (fewer than N remain).
  const [row] = await rawQuery<{ accountUnlockMs: number | null; clientUnlockMs: number | null; everywhereUnlockMs: number | null }>(
    `WITH f AS (SELECT "accountHash", "createdAt" FROM "AuthFailure"
                 WHERE ip = $2 AND purpose = $6::"AuthFailurePurpose" AND "createdAt" > $3::timestamp)
     SELECT (SELECT ${sqlEpochMs(`"createdAt"`)} FROM f WHERE "accountHash" = $1
              ORDER BY "createdAt" DESC OFFSET $4 LIMIT 1) AS "accountUnlockMs",
            (SELECT ${sqlEpochMs(`"createdAt"`)} FROM f
              ORDER BY "createdAt" DESC OFFSET $5 LIMIT 1) AS "clientUnlockMs",
            (SELECT ${sqlEpochMs(`"createdAt"`)} FROM "AuthFailure"
              WHERE $7::int > 0 AND "accountHash" = $1 AND purpose = $6::"AuthFailurePurpose" AND "createdAt" > $8::timestamp
              ORDER BY "createdAt" DESC OFFSET greatest($7::int - 1, 0) LIMIT 1) AS "everywhereUnlockMs"`,
    [
      accountHash(email),
      clientOf(ip),
      since,
      limits.maxFailures - 1,
      limits.maxClientFailures - 1,
      purpose,
      account?.maxFailures ?? 0,
      new Date(now.getTime() - (account?.windowMs ?? 0)).toISOString(),
    ],
  );
  const retryAfter = (fromMs: number, windowMs: number) => Math.max(1, Math.ceil((fromMs + windowMs - now.getTime()) / 1000));
  const client = Math.max(row?.accountUnlockMs ?? 0, row?.clientUnlockMs ?? 0);
  if (client) return { locked: true, retryAfterSeconds: retryAfter(client, limits.windowMs), scope: "client" };
  if (account && row?.everywhereUnlockMs)
    return { locked: true, retryAfterSeconds: retryAfter(row.everywhereUnlockMs, account.windowMs), scope: "account" };
  return { locked: false };
}

/** Counts one attempt for this account from this client. */
async function recordFailure({ email, ip, purpose = "PASSWORD" }: Key, now = new Date()): Promise<void> {
  await rawQuery(
    `INSERT INTO "AuthFailure" (id, purpose, "accountHash", ip, "createdAt") VALUES (gen_random_uuid(), $4::"AuthFailurePurpose", $1, $2, $3::timestamp)`,
    [accountHash(email), clientOf(ip), now.toISOString(), purpose],
  );
}

export type PasswordCheck =
  { status: "ok" } | { status: "wrong" } | { status: "locked"; retryAfterSeconds: number; scope: "client" | "account" };

export type PasswordCheckOptions = {
  /**
   * Whether the browser asking has signed in to this account before (its device cookie names one
   * of the account's devices): asked only when the account-wide ceiling is reached, which such a
   * browser passes. Step-up and password change come from a signed-in session: always yes.
   */
  knownDevice: () => Promise<boolean>;
  /** The account, when it exists: the first failure over the ceiling tells its owner (once a window). */
  userId?: string | null;
  limits?: ThrottleLimits;
};

/**
 * A password check under the limits — every one goes through here (sign-in, step-up, password
 * change): refused before bcrypt runs while locked; a wrong password counts; a right one clears
 * the count. `hash` is null for an unknown account, which then costs the same and counts the same.
 */
export async function checkPasswordLimited(
  client: Key,
  password: string,
  hash: string | null | undefined,
  { knownDevice, userId = null, limits = throttleLimits() }: PasswordCheckOptions,
): Promise<PasswordCheck> {
  const throttle = await checkThrottle(client, limits);
  if (throttle.locked && (throttle.scope === "client" || !(await knownDevice()))) {
    countRateLimited(throttle.scope === "client" ? "password" : "password_account");
    return { status: "locked", retryAfterSeconds: throttle.retryAfterSeconds, scope: throttle.scope };
  }
  if (!(await verifyPassword(password, hash))) {
    countSignInFailure("password");
    await recordFailure(client);
    if (userId && limits.account) await notePausedSignIns(userId, client.email, limits.account);
    return { status: "wrong" };
  }
  await clearFailures(client);
  return { status: "ok" };
}

/** $1 the user, $2 the account's hash, $3 now, $4 the window's start, $5 its minutes, $6 the ceiling, then the audit row's. */
const PAUSED_SQL = `WITH f AS (SELECT count(*)::int AS n, count(DISTINCT ip)::int AS clients, min("createdAt") AS oldest FROM "AuthFailure"
                 WHERE "accountHash" = $2 AND purpose = 'PASSWORD' AND "createdAt" > $4::timestamp)
     ${auditInsertSql(
       {
         userId: "$1::uuid",
         detail: `jsonb_build_object('failures', f.n, 'clients', f.clients, 'windowMinutes', $5::int,
                                     -- the pause lifts when the oldest of these leaves the window
                                     'until', ${sqlIsoText(`f.oldest + $5::int * interval '1 minute'`)})`,
         at: "$3::timestamp",
         from: `FROM f
      WHERE f.n >= $6::int
        AND NOT EXISTS (SELECT 1 FROM "AuditEvent" WHERE "userId" = $1::uuid AND type = 'SIGN_IN_PAUSED' AND "createdAt" > $4::timestamp)`,
       },
       7,
     )}`;

/**
 * When an account's failures from every client reach the ceiling, its history gets one
 * SIGN_IN_PAUSED row per window — which also queues the email telling its owner (the audit
 * trigger) — saying how many wrong passwords came from how many clients. One statement.
 */
async function notePausedSignIns(userId: string, email: string, account: NonNullable<ThrottleLimits["account"]>, now = new Date()) {
  await rawQuery(PAUSED_SQL, [
    userId,
    accountHash(email),
    now.toISOString(),
    new Date(now.getTime() - account.windowMs).toISOString(),
    Math.round(account.windowMs / 60_000),
    account.maxFailures,
    ...auditInsertParams({ actorId: null, type: "SIGN_IN_PAUSED" }),
  ]);
}

/** A right password clears this client's count for the account. */
async function clearFailures({ email, ip, purpose = "PASSWORD" }: Key): Promise<void> {
  await rawQuery(`DELETE FROM "AuthFailure" WHERE "accountHash" = $1 AND ip = $2 AND purpose = $3::"AuthFailurePurpose"`, [
    accountHash(email),
    clientOf(ip),
    purpose,
  ]);
}

/** $1 the user, $2 the client, $3 the reason, $4 now, $5 the window's start, $6 the device, then the audit row's. */
const FAILURE_SQL = `WITH latest AS (SELECT id FROM "AuditEvent"
                      WHERE "userId" = $1::uuid AND type = 'SIGN_IN_FAILED' AND ip IS NOT DISTINCT FROM $2 AND detail->>'reason' = $3
                        AND "createdAt" > $5::timestamp
                      ORDER BY "createdAt" DESC LIMIT 1 FOR UPDATE),
          bumped AS (UPDATE "AuditEvent" e
                        SET detail = e.detail || jsonb_build_object('count', coalesce((e.detail->>'count')::int, 1) + 1, 'lastAt', $4::text)
                       FROM latest WHERE e.id = latest.id RETURNING e.id)
     ${auditInsertSql(
       {
         userId: "$1::uuid",
         deviceId: "$6::uuid",
         detail: `jsonb_build_object('reason', $3::text, 'count', 1)`,
         at: "$4::timestamp",
         from: "WHERE NOT EXISTS (SELECT 1 FROM bumped)",
       },
       7,
     )}`;

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
  await rawQuery(FAILURE_SQL, [
    userId,
    ip,
    reason,
    now.toISOString(),
    new Date(now.getTime() - limits.windowMs).toISOString(),
    deviceId,
    ...auditInsertParams({ actorId: userId, type: "SIGN_IN_FAILED", context: { ip, userAgent } }),
  ]);
}

/**
 * The signed-in user's own password, asked again (step-up, password change): under the same
 * per-client limits as sign-in (the session's browser is the account's own device, so the
 * account-wide pause does not stop it), and a wrong one goes into their history like a failed sign-in.
 */
export async function checkOwnPassword(
  session: { userId: string; email: string; deviceId: string },
  password: string,
  hash: string | null | undefined,
  context: { ip: string | null; userAgent: string | null },
  reason: "step-up" | "password-change",
): Promise<PasswordCheck> {
  const check = await checkPasswordLimited({ email: session.email, ip: context.ip }, password, hash, {
    knownDevice: async () => true,
    userId: session.userId,
  });
  if (check.status === "wrong") {
    await auditFailure({ userId: session.userId, ip: context.ip, userAgent: context.userAgent, reason, deviceId: session.deviceId });
  }
  return check;
}

/**
 * For attempts limited per account and client whether they succeed or not (password reset
 * requests, invalid API credentials), each purpose counted on its own: whether this one is over
 * the limit — then nothing is counted — else counts it. `kind` labels the metrics.
 */
export async function countLimitedRequest(
  key: Key & { purpose: Exclude<FailurePurpose, "PASSWORD"> },
  limits: Omit<ThrottleLimits, "account">,
  kind = "request",
): Promise<Throttle> {
  const throttle = await checkThrottle(key, limits);
  if (throttle.locked) countRateLimited(kind);
  else await recordFailure(key);
  return throttle;
}

/**
 * For an invalid API credential (token or server key): whether this client is already over its
 * ceiling (SIGNIN_MAX_CLIENT_FAILURES invalid credentials in the window, like credential stuffing
 * at sign-in) — then the answer is 429 and nothing is counted — else counts this one. Only
 * failures pay for this: valid credentials are never slowed or refused.
 */
export async function countCredentialFailure(ip: string | null, limits = throttleLimits()): Promise<Throttle> {
  const { maxClientFailures, windowMs } = limits;
  const throttle = await countLimitedRequest(
    { email: "api-credential", ip, purpose: "API_CREDENTIAL" },
    { maxFailures: maxClientFailures, maxClientFailures, windowMs },
    "api_credential",
  );
  if (!throttle.locked) countSignInFailure("api_credential");
  return throttle;
}
