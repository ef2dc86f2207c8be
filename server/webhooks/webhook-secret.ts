import "server-only";
import type { WebhookEndpoint } from "@/prisma/generated/client";
import type { WebhookEndpointSummary } from "@/lib/validation/webhooks";

/** The secret-box purpose of endpoints' signing secrets (server/crypto/secret-box.ts). */
export const WEBHOOK_SECRET_PURPOSE = "webhook-secret";
/** How long the secret before a rotation keeps signing deliveries. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60 * 1000;

type EndpointRow = Pick<
  WebhookEndpoint,
  "id" | "url" | "description" | "events" | "enabled" | "disabledReason" | "failingSince" | "previousSecretExpiresAt" | "createdAt"
>;
export const ENDPOINT_SUMMARY_SELECT = {
  id: true,
  url: true,
  description: true,
  events: true,
  enabled: true,
  disabledReason: true,
  failingSince: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const;

export function toWebhookEndpointSummary(row: EndpointRow, now = new Date()): WebhookEndpointSummary {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince?.toISOString() ?? null,
    previousSecretValidUntil:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}
