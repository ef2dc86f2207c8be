import "server-only";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { notFound } from "@/server/errors";
import { ENDPOINT_SUMMARY_SELECT, toWebhookEndpointSummary } from "@/server/webhooks/webhook-secret";
import { webhookEndpointIdSchema, type WebhookDeliveryItem, type WebhookEndpointSummary } from "@/lib/validation/webhooks";

/** Every endpoint, oldest first (administrators and server keys). */
export async function listWebhookEndpoints({ actor }: { actor: Actor }): Promise<WebhookEndpointSummary[]> {
  assertAdmin(actor);
  const rows = await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" }, select: ENDPOINT_SUMMARY_SELECT });
  const now = new Date();
  return rows.map((r) => toWebhookEndpointSummary(r, now));
}

export const RECENT_DELIVERIES = 50;

/** One endpoint and its latest deliveries, newest first. */
export async function getWebhookEndpoint({
  actor,
  endpointId,
}: {
  actor: Actor;
  endpointId: string;
}): Promise<{ endpoint: WebhookEndpointSummary; deliveries: WebhookDeliveryItem[] }> {
  assertAdmin(actor);
  if (!webhookEndpointIdSchema.safeParse(endpointId).success) throw notFound("Webhook endpoint");
  const row = await db.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: {
      ...ENDPOINT_SUMMARY_SELECT,
      deliveries: { orderBy: [{ createdAt: "desc" }, { seq: "desc" }], take: RECENT_DELIVERIES },
    },
  });
  if (!row) throw notFound("Webhook endpoint");
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    endpoint: toWebhookEndpointSummary(row),
    deliveries: row.deliveries.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      createdAt: d.createdAt.toISOString(),
      lastAttemptAt: iso(d.lastAttemptAt),
      nextAttemptAt: iso(d.nextAttemptAt),
      responseStatus: d.responseStatus,
      latencyMs: d.latencyMs,
      lastError: d.lastError,
    })),
  };
}
