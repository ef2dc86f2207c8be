import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "@/server/webhooks/list-webhook-endpoints";
import { deleteWebhookEndpoint } from "@/server/webhooks/manage-webhook-endpoint";
import { createWebhookEndpointSchema } from "@/lib/validation/webhooks";
import { WEBHOOK_EVENTS } from "@/lib/webhooks";
import { CreatedWebhookEndpoint, WebhookDeleted, WebhookEndpointList } from "@/lib/api/schemas";

/** Webhook endpoints, for a server key (or an administrator's personal access token). */
const tags = ["Webhooks"];
const security = [{ basicAuth: [] }, { bearerAuth: [] }];
const eventList = Object.entries(WEBHOOK_EVENTS)
  .map(([type, meaning]) => `- \`${type}\`: ${meaning}`)
  .join("\n");

export const webhookRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/webhooks",
    family: "devicekeeper",
    audience: "admin",
    failure: "The webhook endpoints could not be listed.",
    doc: {
      operationId: "listWebhooks",
      tags,
      security,
      summary: "List webhook endpoints",
      description: "Every endpoint, oldest first. Secrets are never listed.",
      responses: { 200: { description: "OK", schema: WebhookEndpointList } },
      errors: [],
    },
    handle: async ({ actor }) => apiJson({ webhooks: await listWebhookEndpoints({ actor }) }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/webhooks",
    family: "devicekeeper",
    audience: "admin",
    body: createWebhookEndpointSchema,
    failure: "The webhook endpoint could not be created.",
    doc: {
      operationId: "createWebhook",
      tags,
      security,
      summary: "Add a webhook endpoint",
      description:
        "Events are POSTed as JSON `{ id, type, timestamp, data }`, signed per the Standard Webhooks specification " +
        "(`webhook-id`, `webhook-timestamp`, `webhook-signature` with the returned secret), retried with exponential backoff for up to 3 days, " +
        "in order per user. The URL must reach a public address (unless the server sets WEBHOOKS_ALLOW_PRIVATE=1).\n\nEvents:\n" +
        eventList,
      responses: { 201: { description: "Created; the secret is shown this once.", schema: CreatedWebhookEndpoint } },
      errors: [409],
    },
    handle: async ({ actor, body }) => {
      const { endpoint, secret } = await createWebhookEndpoint({ actor, ...body });
      return apiJson({ ...endpoint, secret }, 201);
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/v1/webhooks/{webhookId}",
    family: "devicekeeper",
    audience: "admin",
    params: { webhookId: "Webhook endpoint" },
    failure: "The webhook endpoint could not be deleted.",
    doc: {
      operationId: "deleteWebhook",
      tags,
      security,
      summary: "Delete a webhook endpoint",
      description: "Nothing more is sent to it; its pending deliveries are dropped. A second delete is 404.",
      params: { webhookId: "The ID of the webhook endpoint." },
      responses: { 200: { description: "Deleted", schema: WebhookDeleted } },
      errors: [404],
    },
    handle: async ({ actor, params }) => apiJson(await deleteWebhookEndpoint({ actor, endpointId: params.webhookId })),
  }),
];
