import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { AppError } from "@/server/errors";
import { seal } from "@/server/crypto/secret-box";
import { newWebhookSecret } from "@/server/webhooks/send-webhook";
import { webhookUrlProblem } from "@/server/webhooks/ssrf-guard";
import { ENDPOINT_SUMMARY_SELECT, WEBHOOK_SECRET_PURPOSE, toWebhookEndpointSummary } from "@/server/webhooks/webhook-secret";
import type { WebhookEndpointSummary } from "@/lib/validation/webhooks";

export const MAX_WEBHOOK_ENDPOINTS = 20;

export type CreateWebhookEndpointInput = { actor: Actor; url: string; description: string; events: string[]; enabled: boolean };

/**
 * Adds an endpoint (administrators and server keys). Its URL must reach a public address (the SSRF
 * guard). The signing secret is returned once, here; it is kept sealed, never shown again.
 */
export async function createWebhookEndpoint(
  input: CreateWebhookEndpointInput,
): Promise<{ endpoint: WebhookEndpointSummary; secret: string }> {
  const { actor, url, description, events, enabled } = input;
  assertAdmin(actor);
  const problem = await webhookUrlProblem(url);
  if (problem) throw new AppError("INVALID_INPUT", problem);
  const secret = newWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints'))`;
    if ((await tx.webhookEndpoint.count()) >= MAX_WEBHOOK_ENDPOINTS)
      throw new AppError("CONFLICT", `There are already ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints. Delete one first.`);
    const created = await tx.webhookEndpoint.create({
      data: { url, description, events, enabled, secretEnc: seal(secret, WEBHOOK_SECRET_PURPOSE), createdById: actor.userId },
      select: ENDPOINT_SUMMARY_SELECT,
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId: null,
      type: "WEBHOOK_ENDPOINT_CREATED",
      context: actor.context,
      detail: { endpointId: created.id, url, events: events.join(" ") },
    });
    return created;
  });
  return { endpoint: toWebhookEndpointSummary(row), secret };
}
