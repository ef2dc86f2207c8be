import "server-only";
import crypto from "node:crypto";
import { SignJWT } from "jose";
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
 * backoff for a day. FOR UPDATE SKIP LOCKED and a lease keep each logout to one instance at a time.
 */

const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 30_000;
/** A logout token is fresh for two minutes (each attempt signs a new one). */
const TOKEN_TTL_S = 120;
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** Queues one logout (the provider's own RP-initiated logouts). */
export async function queueLogout({ clientId, sub, sid }: { clientId: string; sub: string; sid: string | null }): Promise<void> {
  await rawQuery(
    `WITH q AS (INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid)
                SELECT gen_random_uuid(), $1, $2, $3 WHERE EXISTS (SELECT 1 FROM "OidcClient" WHERE id = $1 AND "backchannelLogoutUri" IS NOT NULL)
                RETURNING 1)
     SELECT pg_notify('devicekeeper_logout', '') FROM q`,
    [clientId, sub, sid],
  );
}

/** The logout token for one app: signed with the provider's current key, no nonce. */
export async function logoutToken({ clientId, sub, sid }: { clientId: string; sub: string; sid: string | null }): Promise<string> {
  const jwk = await currentSigningKey();
  const key = crypto.createPrivateKey({ key: jwk, format: "jwk" });
  return new SignJWT({ sub, ...(sid ? { sid } : {}), events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } })
    .setProtectedHeader({ alg: jwk.alg, kid: jwk.kid, typ: "logout+jwt" })
    .setIssuer(issuer())
    .setAudience(clientId)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_TTL_S}s`)
    .setJti(crypto.randomUUID())
    .sign(key);
}

type Claimed = { id: string; clientId: string; sub: string; sid: string | null; attempts: number; createdMs: number; url: string | null };

/** Sends what is due (at most `limit`, concurrently) and records each outcome; answers how many were attempted. */
export async function deliverLogouts({ now = () => new Date(), limit = 50 }: { now?: () => Date; limit?: number } = {}): Promise<number> {
  const at = now();
  const claimed = await rawQuery<Claimed>(
    `WITH due AS (SELECT id FROM "LogoutDelivery"
                   WHERE status = 'PENDING' AND "nextAttemptAt" <= $1::timestamp AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamp)
                   ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE "LogoutDelivery" l SET "lockedUntil" = $3::timestamp, attempts = l.attempts + 1 FROM due
      WHERE l.id = due.id
     RETURNING l.id, l."clientId", l.sub, l.sid, l.attempts, (extract(epoch FROM l."createdAt") * 1000)::float8 AS "createdMs",
               (SELECT c."backchannelLogoutUri" FROM "OidcClient" c WHERE c.id = l."clientId") AS url`,
    [at.toISOString(), limit, new Date(at.getTime() + LEASE_MS).toISOString()],
  );
  await Promise.all(claimed.map((c) => deliverOne(c, now)));
  return claimed.length;
}

async function deliverOne(c: Claimed, now: () => Date): Promise<void> {
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
  await rawQuery(
    `UPDATE "LogoutDelivery" SET status = $2::"LogoutDeliveryStatus", "lockedUntil" = NULL, "lastAttemptAt" = $3::timestamp,
            "deliveredAt" = CASE WHEN $2 = 'DELIVERED' THEN $3::timestamp END, "responseStatus" = $4, "lastError" = $5,
            "nextAttemptAt" = $6::timestamp
      WHERE id = $1::uuid`,
    [
      c.id,
      outcome.ok ? "DELIVERED" : giveUp ? "FAILED" : "PENDING",
      at.toISOString(),
      outcome.status,
      outcome.error?.slice(0, 300) ?? null,
      new Date(Math.min(at.getTime() + retryDelayMs(c.attempts), c.createdMs + RETRY_WINDOW_MS)).toISOString(),
    ],
  );
}
