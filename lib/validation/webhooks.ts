import { z } from "zod";

/** Every event a webhook endpoint can receive, with what it means (shown in the admin UI and the API docs). */
export const WEBHOOK_EVENTS = {
  "session.created": "Someone signed in: a new session started.",
  "session.revoked":
    "A session ended: signed out, revoked, its device untrusted/invalidated/deleted, the user disabled, the password changed, or it expired.",
  "device.created": "A new device signed in for the first time (or again after it was invalidated).",
  "device.renamed": "A device was renamed.",
  "device.untrusted": "A device was untrusted.",
  "device.invalidated": "A device was invalidated.",
  "device.deleted": "A device was deleted.",
  "mfa.authenticator.added": "A second factor was added: authenticator app, passkey, push, device binding or recovery codes.",
  "mfa.authenticator.removed": "The user removed a second factor.",
  "mfa.authenticator.reset": "An administrator reset a user's second factors of one kind.",
  "user.disabled": "An administrator disabled a user.",
  "user.enabled": "An administrator enabled a user again.",
  "api_token.created": "A personal access token or server key was created.",
  "api_token.revoked": "A personal access token or server key was revoked.",
  "app.authorized": "A user allowed an app to sign them in with Devicekeeper (consent given, or a first-party app's first sign-in).",
  "app.access_removed": "A user's access to an app was removed: the app was signed out on every device of theirs.",
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
/** Sent by "Send test event" only, whatever the endpoint subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** Does an endpoint's pattern ("*", "session.*", "mfa.authenticator.*" or an exact type) cover this type? */
export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

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
