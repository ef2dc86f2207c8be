import "server-only";
import { db, type Tx } from "@/server/db/client";
import { recordEvent, type AuditEventType } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { notFound } from "@/server/errors";
import { seal } from "@/server/crypto/secret-box";
import { newWebhookSecret } from "@/server/webhooks/send-webhook";
import { newEventId, webhookBody } from "@/server/webhooks/fan-out";
import { PREVIOUS_SECRET_VALID_MS, WEBHOOK_SECRET_PURPOSE } from "@/server/webhooks/webhook-secret";
import { webhookDeliveryIdSchema, webhookEndpointIdSchema } from "@/lib/validation/webhooks";
import { WEBHOOK_TEST_EVENT } from "@/lib/webhooks";

/*
 * An administrator's changes to one endpoint. Each is one transaction with its audit row (an
 * installation-wide one: no user's account), and an endpoint that is gone — deleted, or never
 * there — is "Webhook endpoint not found", so repeating a delete is safe.
 */

type EndpointTarget = { actor: Actor; endpointId: string };

async function change<T>(
  { actor, endpointId }: EndpointTarget,
  type: AuditEventType,
  fn: (tx: Tx) => Promise<{ result: T; detail?: Record<string, string | number | boolean | null> } | null>,
): Promise<T> {
  assertAdmin(actor);
  if (!webhookEndpointIdSchema.safeParse(endpointId).success) throw notFound("Webhook endpoint");
  return db.$transaction(async (tx) => {
    const done = await fn(tx);
    if (!done) throw notFound("Webhook endpoint");
    await recordEvent(tx, { actorId: actor.userId, userId: null, type, context: actor.context, detail: { endpointId, ...done.detail } });
    return done.result;
  });
}

/** Turns an endpoint on or off. Turning it on clears why the system had turned it off. */
export const setWebhookEndpointEnabled = (target: EndpointTarget & { enabled: boolean }) =>
  change(target, target.enabled ? "WEBHOOK_ENDPOINT_ENABLED" : "WEBHOOK_ENDPOINT_DISABLED", async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: target.endpointId },
      data: { enabled: target.enabled, ...(target.enabled && { disabledReason: null, failingSince: null }) },
    });
    return count ? { result: { enabled: target.enabled } } : null;
  });

/** Deletes an endpoint with its deliveries: nothing more is sent to it. */
export const deleteWebhookEndpoint = (target: EndpointTarget) =>
  change(target, "WEBHOOK_ENDPOINT_DELETED", async (tx) => {
    const gone = await tx.webhookEndpoint.deleteMany({ where: { id: target.endpointId } });
    return gone.count ? { result: { deleted: true } } : null;
  });

/**
 * A new signing secret, returned once. The previous one keeps signing too (a second signature)
 * for 24 hours, so receivers can switch without losing a delivery.
 */
export const rotateWebhookSecret = (target: EndpointTarget) =>
  change(target, "WEBHOOK_SECRET_ROTATED", async (tx) => {
    const row = await tx.webhookEndpoint.findUnique({ where: { id: target.endpointId }, select: { secretEnc: true } });
    if (!row) return null;
    const secret = newWebhookSecret();
    const validUntil = new Date(Date.now() + PREVIOUS_SECRET_VALID_MS);
    await tx.webhookEndpoint.update({
      where: { id: target.endpointId },
      data: { secretEnc: seal(secret, WEBHOOK_SECRET_PURPOSE), previousSecretEnc: row.secretEnc, previousSecretExpiresAt: validUntil },
    });
    return { result: { secret, previousSecretValidUntil: validUntil.toISOString() } };
  });

/** Queues a `webhook.test` event for this endpoint alone (whatever it subscribed to). */
export const sendTestWebhook = (target: EndpointTarget) =>
  change(target, "WEBHOOK_TEST_SENT", async (tx) => {
    if (!(await tx.webhookEndpoint.findUnique({ where: { id: target.endpointId }, select: { id: true } }))) return null;
    const now = new Date();
    const eventId = newEventId();
    const payload = webhookBody(eventId, WEBHOOK_TEST_EVENT, now.toISOString(), {
      endpoint_id: target.endpointId,
      message: "A test event from Devicekeeper.",
    });
    const delivery = await tx.webhookDelivery.create({
      data: { endpointId: target.endpointId, eventId, eventType: WEBHOOK_TEST_EVENT, payload, createdAt: now, nextAttemptAt: now },
      select: { id: true },
    });
    return { result: { deliveryId: delivery.id, eventId }, detail: { eventId } };
  });

/** Sends a delivery's event again, as a new delivery with the same id and body (receivers dedupe on webhook-id). */
export const redeliverWebhook = (target: EndpointTarget & { deliveryId: string }) =>
  change(target, "WEBHOOK_REDELIVERED", async (tx) => {
    if (!webhookDeliveryIdSchema.safeParse(target.deliveryId).success) throw notFound("Delivery");
    const old = await tx.webhookDelivery.findFirst({
      where: { id: target.deliveryId, endpointId: target.endpointId },
      select: { eventId: true, eventType: true, userId: true, payload: true },
    });
    // A delivery of another endpoint, or one deleted with its endpoint, is not found either.
    if (!old) throw notFound("Delivery");
    const now = new Date();
    const delivery = await tx.webhookDelivery.create({
      data: { ...old, endpointId: target.endpointId, createdAt: now, nextAttemptAt: now },
      select: { id: true },
    });
    return { result: { deliveryId: delivery.id }, detail: { eventId: old.eventId } };
  });
