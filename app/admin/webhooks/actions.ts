"use server";

import { z } from "zod";
import { createWebhookEndpointSchema, webhookDeliveryIdSchema, webhookEndpointIdSchema } from "@/lib/validation/webhooks";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { createWebhookEndpoint } from "@devicekeeper/server/webhooks/create-webhook-endpoint";
import {
  deleteWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookEndpointEnabled,
} from "@devicekeeper/server/webhooks/manage-webhook-endpoint";

/** Webhook endpoints: the admin role is checked here and again in each operation, with a recent password. */
const endpoint = z.object({ endpointId: webhookEndpointIdSchema });
const NOT_FOUND = "Webhook endpoint not found";

export const createWebhookEndpointAction = defineAction({
  access: "admin",
  // The form sends the chosen events as one comma-separated field.
  input: createWebhookEndpointSchema.extend({
    events: z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), createWebhookEndpointSchema.shape.events),
  }),
  revalidate: "/admin/webhooks",
  run: (input, { actor }) => createWebhookEndpoint({ actor, ...input }),
});

export const setWebhookEnabledAction = defineAction({
  access: "admin",
  input: endpoint.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  invalidInput: NOT_FOUND,
  run: async ({ endpointId, enabled }, { actor }) => {
    await setWebhookEndpointEnabled({ actor, endpointId, enabled });
    return { message: enabled ? "Turned on. Pending deliveries resume." : "Turned off. Events are no longer sent to it." };
  },
});

export const deleteWebhookEndpointAction = defineAction({
  access: "admin",
  input: endpoint,
  invalidInput: NOT_FOUND,
  run: async ({ endpointId }, { actor }) => {
    await deleteWebhookEndpoint({ actor, endpointId });
    return { message: "Endpoint deleted. Nothing more is sent to it." };
  },
});

export const rotateWebhookSecretAction = defineAction({
  access: "admin",
  input: endpoint,
  invalidInput: NOT_FOUND,
  run: async ({ endpointId }, { actor }) => {
    const { secret, previousSecretValidUntil } = await rotateWebhookSecret({ actor, endpointId });
    return { message: "New signing secret created.", secret, previousSecretValidUntil };
  },
});

export const sendTestWebhookAction = defineAction({
  access: "admin",
  input: endpoint,
  invalidInput: NOT_FOUND,
  run: async ({ endpointId }, { actor }) => {
    await sendTestWebhook({ actor, endpointId });
    return { message: "Test event queued: it appears below within a few seconds." };
  },
});

export const redeliverWebhookAction = defineAction({
  access: "admin",
  input: endpoint.extend({ deliveryId: webhookDeliveryIdSchema }),
  invalidInput: "Delivery not found",
  run: async ({ endpointId, deliveryId }, { actor }) => {
    await redeliverWebhook({ actor, endpointId, deliveryId });
    return { message: "Queued again, with the same webhook-id." };
  },
});
