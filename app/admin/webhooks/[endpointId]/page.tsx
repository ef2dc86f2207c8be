import { RelativeTime } from "@/components/ui/relative-time";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { AppError } from "@devicekeeper/server/errors";
import { getWebhookEndpoint } from "@devicekeeper/server/webhooks/list-webhook-endpoints";
import { EndpointActions } from "@/components/webhooks/endpoint-actions";
import { EndpointStatus } from "@/components/webhooks/endpoint-status";
import { RefreshWhilePending } from "@/components/webhooks/refresh-while-pending";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { formatExact } from "@/lib/format";
import type { WebhookDeliveryItem } from "@/lib/validation/webhooks";
import {
  deleteWebhookEndpointAction,
  redeliverWebhookAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
} from "../actions";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Webhook endpoint" };

const STATUS: Record<WebhookDeliveryItem["status"], { label: string; style: string }> = {
  SUCCEEDED: { label: "Delivered", style: "bg-success-muted text-success-strong" },
  PENDING: { label: "Waiting", style: "bg-warning-muted text-warning-strong" },
  FAILED: { label: "Failed", style: "bg-danger-muted text-danger-strong" },
};

function When({ at }: { at: string | null }) {
  if (!at) return <>—</>;
  return <RelativeTime iso={at} />;
}

export default async function WebhookEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  const session = await requireAdmin();
  const { endpointId } = await params;
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  const found = await getWebhookEndpoint({ actor, endpointId }).catch((e: unknown) => {
    if (e instanceof AppError) notFound();
    throw e;
  });
  const { endpoint, deliveries } = found;
  return (
    <>
      <BackLink href="/admin/webhooks">Webhooks</BackLink>
      <h1 className="mt-2 break-all text-2xl font-semibold">{endpoint.url}</h1>
      {endpoint.description && <p className="mt-1 text-fg-soft">{endpoint.description}</p>}
      <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Status</dt>
        <dd>
          <EndpointStatus endpoint={endpoint} />
          {endpoint.disabledReason && <p className="mt-1 text-danger-strong">{endpoint.disabledReason}</p>}
        </dd>
        <dt className="font-medium">Events</dt>
        <dd>{endpoint.events.includes("*") ? "All events" : endpoint.events.join(", ")}</dd>
        <dt className="font-medium">Added</dt>
        <dd>
          <When at={endpoint.createdAt} />
        </dd>
        {endpoint.previousSecretValidUntil && (
          <>
            <dt className="font-medium">Previous secret</dt>
            <dd>
              Still signs deliveries until <When at={endpoint.previousSecretValidUntil} />
            </dd>
          </>
        )}
      </dl>
      <div className="mt-6">
        <EndpointActions
          endpoint={endpoint}
          actions={{
            test: sendTestWebhookAction,
            setEnabled: setWebhookEnabledAction,
            rotate: rotateWebhookSecretAction,
            remove: deleteWebhookEndpointAction,
          }}
        />
      </div>
      <RefreshWhilePending enabled={endpoint.enabled} deliveries={deliveries} />
      <section aria-labelledby="deliveries-heading" className="mt-8">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Latest deliveries
        </h2>
        {deliveries.length === 0 ? (
          <p className="mt-2 text-sm text-fg-muted">Nothing sent yet. Send a test event to check the endpoint.</p>
        ) : (
          <ul className="mt-3 divide-y divide-line rounded-xl border border-line bg-surface">
            {deliveries.map((d) => (
              <li key={d.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0 text-sm">
                  <p>
                    <code className="font-medium">{d.eventType}</code>{" "}
                    <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium ${STATUS[d.status].style}`}>
                      {STATUS[d.status].label}
                    </span>
                  </p>
                  <p className="mt-1 text-fg-muted">
                    Created <When at={d.createdAt} /> · {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                    {d.lastAttemptAt && (
                      <>
                        {" "}
                        · last <When at={d.lastAttemptAt} />: {d.responseStatus ? `HTTP ${d.responseStatus}` : (d.lastError ?? "no answer")}
                        {d.latencyMs !== null && ` in ${d.latencyMs} ms`}
                      </>
                    )}
                    {d.status === "PENDING" && d.nextAttemptAt && (
                      <>
                        {" "}
                        · next try <When at={d.nextAttemptAt} />
                      </>
                    )}
                  </p>
                  {d.lastError && d.responseStatus === null && <p className="mt-1 text-danger-strong">{d.lastError}</p>}
                  <p className="mt-1 break-all text-xs text-fg-subtle">webhook-id {d.eventId}</p>
                </div>
                {d.status !== "PENDING" && (
                  <ConfirmActionButton
                    label="Redeliver"
                    ariaLabel={`Redeliver ${d.eventType} from ${formatExact(d.createdAt)}`}
                    title="Send this event again?"
                    body={<p>It is sent again with the same webhook-id, so a receiver that already has it can tell.</p>}
                    confirmLabel="Redeliver"
                    pendingLabel="Queuing…"
                    action={redeliverWebhookAction}
                    input={{ endpointId: endpoint.id, deliveryId: d.id }}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
