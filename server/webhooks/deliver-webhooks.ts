import "server-only";
import { rawQuery } from "@/server/db/client";
import { open } from "@/server/crypto/secret-box";
import { sendWebhook, signWebhook, type SendOptions, type SendResult } from "@/server/webhooks/send-webhook";
import { WEBHOOK_SECRET_PURPOSE } from "@/server/webhooks/webhook-secret";
import { recordDeliveryMetric } from "@/server/observability/metrics";
import { retryDelayMs } from "@/server/jobs/retry-delay";

export const RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
/** How long one attempt holds its delivery: past the send timeout, so a dead instance's attempt is retried. */
const LEASE_MS = 60_000;

type Claimed = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: string;
  attempts: number;
  createdMs: number;
  url: string;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousExpiresMs: number | null;
};

/**
 * Claims up to `limit` deliveries that are due, for this instance alone: FOR UPDATE SKIP LOCKED
 * keeps two instances off one row, and the lease (`lockedUntil`) keeps the row theirs while the
 * request is in flight, outside any transaction. A delivery waits while an older one for the same
 * user and endpoint is still pending: events reach each receiver in order per user.
 */
async function claimDue(now: Date, limit: number): Promise<Claimed[]> {
  return rawQuery<Claimed>(
    // The oldest pending delivery of each (endpoint, user) — one pass over the pending rows, so a
    // backlog of thousands for one user costs a scan, not a probe per row — then those that are
    // due, locked (rechecked under the lock) or skipped when another instance holds them.
    `WITH heads AS (
       SELECT DISTINCT ON (d."endpointId", coalesce(d."userId"::text, d.id::text)) d.id, d.seq, d."endpointId", d."nextAttemptAt", d."lockedUntil"
         FROM "WebhookDelivery" d
        WHERE d.status = 'PENDING'
        ORDER BY d."endpointId", coalesce(d."userId"::text, d.id::text), d.seq),
     candidates AS (
       SELECT h.id FROM heads h JOIN "WebhookEndpoint" e ON e.id = h."endpointId"
        WHERE e.enabled AND h."nextAttemptAt" <= $1::timestamp AND (h."lockedUntil" IS NULL OR h."lockedUntil" <= $1::timestamp)
        ORDER BY h.seq LIMIT $2),
     due AS (
       SELECT d.id FROM "WebhookDelivery" d
        WHERE d.id IN (SELECT id FROM candidates) AND d.status = 'PENDING'
          AND (d."lockedUntil" IS NULL OR d."lockedUntil" <= $1::timestamp)
        FOR UPDATE SKIP LOCKED)
     UPDATE "WebhookDelivery" t SET "lockedUntil" = $3::timestamp, attempts = t.attempts + 1
       FROM due, "WebhookEndpoint" e
      WHERE t.id = due.id AND e.id = t."endpointId"
     RETURNING t.id, t."endpointId", t."eventId", t."eventType", t.payload, t.attempts,
               (extract(epoch FROM t."createdAt") * 1000)::float8 AS "createdMs",
               e.url, e."secretEnc", e."previousSecretEnc",
               (extract(epoch FROM e."previousSecretExpiresAt") * 1000)::float8 AS "previousExpiresMs"`,
    [now.toISOString(), limit, new Date(now.getTime() + LEASE_MS).toISOString()],
  );
}

/** The secrets to sign with: the current one, and the previous one while it is still valid. */
function secretsOf(c: Claimed, now: Date): string[] {
  const current = open(c.secretEnc, WEBHOOK_SECRET_PURPOSE);
  if (!current) throw new Error(`Webhook endpoint ${c.endpointId}: its secret cannot be opened (AUTH_SECRET changed?)`);
  const previous =
    c.previousSecretEnc && (c.previousExpiresMs ?? 0) > now.getTime() ? open(c.previousSecretEnc, WEBHOOK_SECRET_PURPOSE) : null;
  return previous ? [current, previous] : [current];
}

/**
 * The outcome, in one statement: the delivery succeeded, is retried later, or — at the end of
 * its retry window — failed for good. The endpoint remembers since when it has been failing, and
 * is turned off (with the reason shown to administrators) once that is the whole retry window;
 * its pending deliveries wait, and resume when an administrator turns it on again.
 */
async function record(c: Claimed, result: SendResult, now: Date): Promise<void> {
  // The last attempt falls at the end of the retry window; past it, the delivery has failed.
  const windowEnd = c.createdMs + RETRY_WINDOW_MS;
  const givingUp = !result.ok && now.getTime() >= windowEnd;
  const retryAt = new Date(Math.min(now.getTime() + retryDelayMs(c.attempts), windowEnd));
  const status = result.ok ? "SUCCEEDED" : givingUp ? "FAILED" : "PENDING";
  // One statement (the worker's hot path): the delivery's outcome, and the endpoint's failing
  // state — failing since the first event it has not received was created; turned off once that
  // is the whole retry window; cleared by a success.
  await rawQuery(
    `WITH d AS (UPDATE "WebhookDelivery" SET status = $2::"WebhookDeliveryStatus", "lockedUntil" = NULL, "lastAttemptAt" = $3::timestamp,
                       "responseStatus" = $4, "latencyMs" = $5, "lastError" = $6, "nextAttemptAt" = $7::timestamp
                 WHERE id = $1::uuid RETURNING "endpointId"),
          e AS (SELECT t.id, t.enabled, coalesce(t."failingSince", $9::timestamp) AS since
                  FROM "WebhookEndpoint" t JOIN d ON t.id = d."endpointId" FOR UPDATE OF t),
          x AS (SELECT e.*, NOT $8::boolean AND e.enabled AND $3::timestamp - e.since >= $10::float8 * interval '1 millisecond' AS "turnOff" FROM e)
     UPDATE "WebhookEndpoint" t
        SET "failingSince" = CASE WHEN $8::boolean THEN NULL ELSE x.since END,
            enabled = t.enabled AND NOT x."turnOff",
            "disabledReason" = CASE WHEN x."turnOff" THEN $11 ELSE t."disabledReason" END,
            "updatedAt" = $3::timestamp
       FROM x WHERE t.id = x.id AND (NOT $8::boolean OR t."failingSince" IS NOT NULL)`,
    [
      c.id,
      status,
      now.toISOString(),
      result.status,
      result.latencyMs,
      result.error?.slice(0, 300) ?? null,
      status === "PENDING" ? retryAt.toISOString() : null,
      result.ok,
      new Date(c.createdMs).toISOString(),
      RETRY_WINDOW_MS,
      `Turned off on ${now.toISOString().slice(0, 16).replace("T", " ")} UTC: every delivery failed for 3 days (last: ${result.error ?? "no answer"}).`,
    ],
  );
}

export type DeliverOptions = SendOptions & { now?: () => Date; limit?: number };

/** Sends what is due (at most `limit`, concurrently) and records each outcome; answers how many were attempted. */
export async function deliverDue({ now = () => new Date(), limit = 10, ...send }: DeliverOptions = {}): Promise<number> {
  const claimed = await claimDue(now(), limit);
  await Promise.all(
    claimed.map(async (c) => {
      const at = now();
      let result: SendResult;
      try {
        result = await sendWebhook(c.url, signWebhook(c.eventId, c.payload, secretsOf(c, at), at), c.payload, send);
      } catch (e) {
        result = { ok: false, status: null, latencyMs: 0, error: (e as Error).message };
      }
      await record(c, result, now());
      recordDeliveryMetric(result);
    }),
  );
  return claimed.length;
}
