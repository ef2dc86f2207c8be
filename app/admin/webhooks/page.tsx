import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { listWebhookEndpoints } from "@devicekeeper/server/webhooks/list-webhook-endpoints";
import { WebhookCreateForm } from "@/components/webhooks/webhook-create-form";
import { privateAddressesAllowed } from "@devicekeeper/server/webhooks/ssrf-guard";
import { EndpointStatus } from "@/components/webhooks/endpoint-status";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { createWebhookEndpointAction } from "./actions";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const session = await requireAdmin();
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="mt-2 text-2xl font-semibold">Webhooks</h1>
      <p className="mb-6 mt-1 max-w-2xl text-sm text-fg-muted">
        Tell your other apps the moment something changes: a session ends, a device is deleted, a second factor is reset. Each event is
        POSTed as JSON to your endpoints, signed per{" "}
        <a href="https://www.standardwebhooks.com/" className="font-medium text-accent hover:underline">
          Standard Webhooks
        </a>
        , and retried for up to 3 days until it is accepted. Backends can also manage endpoints through the{" "}
        <Link href="/docs/api" className="font-medium text-accent hover:underline">
          server API
        </Link>
        .
      </p>
      <div className="space-y-8">
        <WebhookCreateForm create={createWebhookEndpointAction} privateAllowed={privateAddressesAllowed()} />
        {/* The form shows at once (the 404 for non-admins is decided above); the endpoints stream in. */}
        <Suspense fallback={<PageSkeleton label="Loading webhook endpoints…" blocks={["h-24", "h-24"]} title={false} />}>
          <Endpoints actor={actor} />
        </Suspense>
      </div>
    </>
  );
}

async function Endpoints({ actor }: { actor: Parameters<typeof listWebhookEndpoints>[0]["actor"] }) {
  const endpoints = await listWebhookEndpoints({ actor });
  return (
    <section aria-labelledby="endpoints-heading">
      <h2 id="endpoints-heading" className="text-lg font-semibold">
        Endpoints <span className="font-normal text-fg-subtle">({endpoints.length})</span>
      </h2>
      {endpoints.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">No endpoints yet: no events are sent.</p>
      ) : (
        <ul className="mt-3 divide-y divide-line rounded-xl border border-line bg-surface">
          {endpoints.map((e) => (
            <li key={e.id} className="p-4">
              <Link href={`/admin/webhooks/${e.id}`} prefetch={false} className="font-medium text-accent wrap-anywhere hover:underline">
                {e.url}
              </Link>
              {e.description && <p className="text-sm text-fg-soft">{e.description}</p>}
              <p className="mt-1 text-sm text-fg-muted">
                <EndpointStatus endpoint={e} /> · {e.events.includes("*") ? "All events" : e.events.join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
