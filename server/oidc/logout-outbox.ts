import "server-only";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { rawQuery } from "@/server/db/client";
import { retryDelayMs } from "@/server/jobs/retry-delay";
import { sendWebhook } from "@/server/webhooks/send-webhook";
import { currentSigningKey } from "@/server/oidc/signing-keys";
import { issuer } from "@/server/oidc/issuer";
import { loopbackInDevelopment } from "@/server/oidc/app-uri-policy";
import { logger } from "@/server/observability/logger";

/*
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0). Logouts are queued in the
 * transaction that ended the session — by the database trigger on Session (the migration
 * "oidc_provider"), or here for a logout the provider itself processes — and this worker signs a
 * logout token for each and POSTs it to the app, through the webhook address guard, retrying with
 * backoff for a day. It goes to the app's back-channel URI as it is then: a corrected URI is used
 * from the next attempt on. Removing the URI cancels what is waiting (server/oidc/save-app.ts), but
 * not the logouts of the same change: an app made public with its URI dropped ends its sign-ins
 * first, and those still go to the URI they ended under, kept with each (LogoutDelivery.uri). FOR UPDATE SKIP LOCKED and a lease keep each logout to one instance at a time.
 */

const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 30_000;
/** A logout token is fresh for two minutes (each attempt signs a new one). */
const TOKEN_TTL_S = 120;
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** Queues one logout (the provider's own RP-initiated logouts). */
export async function queueLogout({ clientId, sub, sid }: { clientId: string; sub: string; sid: string | null }): Promise<void> {
  await rawQuery(
    `WITH q AS (INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid, uri)
                SELECT gen_random_uuid(), $1, $2, $3, "backchannelLogoutUri" FROM "OidcClient" WHERE id = $1 AND "backchannelLogoutUri" IS NOT NULL
                RETURNING 1)
     SELECT pg_notify('devicekeeper_logout', '') FROM q`,
    [clientId, sub, sid],
  );
}

/** The private key of a signing JWK, opened once per key (a rotation brings a new JWK object). */
const privateKeys = new WeakMap<object, crypto.KeyObject>();
const signInPool = promisify(crypto.sign);
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * The logout token for one app: a JWS (RS256, the provider's current key; no nonce). The RSA
 * signature is made on libuv's thread pool (crypto.sign with a callback), not on the event loop
 * that serves requests: a burst of logouts would hold it for a quarter of a millisecond each.
 */
export async function logoutToken({ clientId, sub, sid }: { clientId: string; sub: string; sid: string | null }): Promise<string> {
  const jwk = await currentSigningKey();
  let key = privateKeys.get(jwk);
  if (!key) privateKeys.set(jwk, (key = crypto.createPrivateKey({ key: jwk, format: "jwk" })));
  const iat = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: "RS256", kid: jwk.kid, typ: "logout+jwt" })}.${b64url({
    iss: issuer(),
    aud: clientId,
    iat,
    exp: iat + TOKEN_TTL_S,
    jti: crypto.randomUUID(),
    sub,
    ...(sid ? { sid } : {}),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  })}`;
  return `${input}.${(await signInPool("sha256", Buffer.from(input), key)).toString("base64url")}`;
}

type Claimed = { id: string; clientId: string; sub: string; sid: string | null; attempts: number; createdMs: number; url: string | null };
type Outcome = {
  id: string;
  status: "DELIVERED" | "PENDING" | "FAILED";
  at: Date;
  responseStatus: number | null;
  error: string | null;
  next: Date;
};

/** The most logouts one run of the worker claims (server/jobs/background-worker.ts reads a smaller run as "nothing more due"). */
export const LOGOUT_BATCH = 50;
/**
 * How long the worker gathers the logouts of a burst before it sends them (scripts/serve.ts): one
 * claim and one record for all of them, not a round each. A device signed out here reaches its
 * apps this much later — no one can tell — and every revocation meanwhile runs beside fewer rounds
 * (docs/performance.md has the measurement).
 */
export const LOGOUT_GATHER_MS = 50;

/**
 * Sends what is due (at most `limit`, concurrently) and records the outcomes (one statement for the
 * whole batch); answers how many were attempted.
 */
export async function deliverLogouts({
  now = () => new Date(),
  limit = LOGOUT_BATCH,
}: { now?: () => Date; limit?: number } = {}): Promise<number> {
  const at = now();
  const lease = new Date(at.getTime() + LEASE_MS).toISOString();
  const claimed = await rawQuery<Claimed>(
    `WITH due AS (SELECT id FROM "LogoutDelivery"
                   WHERE status = 'PENDING' AND "nextAttemptAt" <= $1::timestamp AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamp)
                   ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE "LogoutDelivery" l SET "lockedUntil" = $3::timestamp, attempts = l.attempts + 1 FROM due
      WHERE l.id = due.id
     RETURNING l.id, l."clientId", l.sub, l.sid, l.attempts, (extract(epoch FROM l."createdAt") * 1000)::float8 AS "createdMs",
               coalesce((SELECT c."backchannelLogoutUri" FROM "OidcClient" c WHERE c.id = l."clientId"), l.uri) AS url`,
    [at.toISOString(), limit, lease],
  );
  if (!claimed.length) return 0;
  const outcomes = await Promise.all(claimed.map((c) => deliverOne(c, now)));
  await rawQuery(
    `UPDATE "LogoutDelivery" l SET status = o.status::"LogoutDeliveryStatus", "lockedUntil" = NULL, "lastAttemptAt" = o.at,
            "deliveredAt" = CASE WHEN o.status = 'DELIVERED' THEN o.at END, "responseStatus" = o.code, "lastError" = o.error,
            "nextAttemptAt" = o.next
       FROM unnest($1::uuid[], $2::text[], $3::timestamp[], $4::int[], $5::text[], $6::timestamp[]) AS o(id, status, at, code, error, next)
      WHERE l.id = o.id AND l."lockedUntil" = $7::timestamp`,
    [
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.at.toISOString()),
      outcomes.map((o) => o.responseStatus),
      outcomes.map((o) => o.error),
      outcomes.map((o) => o.next.toISOString()),
      // Only rows still under this claim's lease: had it run out (it is far longer than a delivery
      // may take), another instance's claim owns the row now, and its record is the one to keep.
      lease,
    ],
  );
  return claimed.length;
}

async function deliverOne(c: Claimed, now: () => Date): Promise<Outcome> {
  let outcome: { ok: boolean; status: number | null; error: string | null };
  try {
    if (!c.url) outcome = { ok: false, status: null, error: "The app no longer has a back-channel logout URI." };
    else {
      const body = new URLSearchParams({ logout_token: await logoutToken(c) }).toString();
      outcome = await sendWebhook(c.url, {}, body, {
        contentType: "application/x-www-form-urlencoded",
        userAgent: "Devicekeeper-Logout/1.0",
        timeoutMs: 5_000,
        // An app on this machine under `npm run dev` is reached; everything else through the guard.
        env: loopbackInDevelopment(c.url) ? { ...process.env, WEBHOOKS_ALLOW_PRIVATE: "1" } : process.env,
      });
    }
  } catch (e) {
    outcome = { ok: false, status: null, error: (e as Error).message };
  }
  const at = now();
  const giveUp = !outcome.ok && (!c.url || at.getTime() - c.createdMs >= RETRY_WINDOW_MS);
  if (!outcome.ok && !giveUp)
    logger.warn({ logoutId: c.id, clientId: c.clientId, error: outcome.error }, "oidc: back-channel logout not delivered; will retry");
  return {
    id: c.id,
    status: outcome.ok ? "DELIVERED" : giveUp ? "FAILED" : "PENDING",
    at,
    responseStatus: outcome.status,
    error: outcome.error?.slice(0, 300) ?? null,
    next: new Date(Math.min(at.getTime() + retryDelayMs(c.attempts), c.createdMs + RETRY_WINDOW_MS)),
  };
}
