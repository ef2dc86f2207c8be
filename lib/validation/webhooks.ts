import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, matchesEventPattern } from "@/lib/webhooks";

const eventPatternSchema = z
  .string()
  .trim()
  .refine((p) => WEBHOOK_EVENT_TYPES.some((t) => matchesEventPattern(p, t)), {
    error: (issue) => `"${String(issue.input).slice(0, 64)}" matches no event type`,
  });

export const MAX_WEBHOOK_URL = 2048;

export const webhookUrlSchema = z
  .string({ error: "Enter the endpoint's URL" })
  .trim()
  .min(1, { error: "Enter the endpoint's URL" })
  .max(MAX_WEBHOOK_URL, { error: `Use at most ${MAX_WEBHOOK_URL} characters` })
  .refine((s) => URL.canParse(s) && ["http:", "https:"].includes(new URL(s).protocol), { error: "Enter an http:// or https:// URL" })
  .refine((s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password), {
    error: "Leave credentials out of the URL: verify the signature instead",
  })
  .meta({ description: "Where events are POSTed: https (http only where private addresses are allowed)." });

export const createWebhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  description: z
    .string()
    .trim()
    .max(200, { error: "Use at most 200 characters" })
    .default("")
    .meta({ description: "What the endpoint is for (shown to administrators)." }),
  events: z
    .array(eventPatternSchema, { error: "Choose the events to send" })
    .min(1, { error: "Choose at least one event" })
    .max(50, { error: "At most 50 event patterns" })
    .transform((events) => [...new Set(events)])
    .meta({ description: 'Event types, families ("session.*") or "*".', example: ["session.*", "device.deleted"] }),
  enabled: z.boolean().default(true),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export const webhookEndpointIdSchema = z.uuid({ error: "Invalid webhook endpoint id" });
export const webhookDeliveryIdSchema = z.uuid({ error: "Invalid delivery id" });

/** An endpoint as administrators and the API see it: never its secret. */
export type WebhookEndpointSummary = {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  /** Why the system turned it off (failing for 3 days), if it did. */
  disabledReason: string | null;
  /** Since when every attempt has failed, if they have. */
  failingSince: string | null;
  /** Until when the secret before the last rotation still signs deliveries. */
  previousSecretValidUntil: string | null;
  createdAt: string;
};

export type WebhookDeliveryItem = {
  id: string;
  eventId: string;
  eventType: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  responseStatus: number | null;
  latencyMs: number | null;
  lastError: string | null;
};
