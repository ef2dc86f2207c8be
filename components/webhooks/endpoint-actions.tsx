"use client";

import { useState } from "react";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { hardNavigate } from "@/lib/hard-navigate";
import type { WebhookEndpointSummary } from "@/lib/validation/webhooks";

type Action = (
  input: Record<string, string | undefined>,
) => Promise<
  ({ ok: true; message: string } & Record<string, unknown>) | { ok: false; error: string; stepUpRequired?: true; signedOut?: boolean }
>;

/** An endpoint's actions: test event, turn on/off, rotate the secret (shown once), delete. */
export function EndpointActions({
  endpoint,
  actions,
}: {
  endpoint: WebhookEndpointSummary;
  actions: { test: Action; setEnabled: Action; rotate: Action; remove: Action };
}) {
  const [secret, setSecret] = useState<string | null>(null);
  const input = { endpointId: endpoint.id };
  return (
    <div className="space-y-4">
      {secret && (
        <OneTimeSecret
          heading="Copy the new signing secret now"
          explanation="Deliveries carry a signature with the new secret and, for 24 hours, one with the old secret too: update your receiver within a day."
          label="New signing secret"
          secret={secret}
          onDone={() => setSecret(null)}
        />
      )}
      <div className="flex flex-wrap gap-2">
        <ConfirmActionButton
          label="Send test event"
          title="Send a test event?"
          body={
            <p>
              A <code>webhook.test</code> event goes to {endpoint.url}, signed like any other. It shows in the deliveries below.
            </p>
          }
          confirmLabel="Send test event"
          pendingLabel="Sending…"
          action={actions.test}
          input={input}
        />
        <ConfirmActionButton
          label={endpoint.enabled ? "Turn off" : "Turn on"}
          title={endpoint.enabled ? "Turn this endpoint off?" : "Turn this endpoint on?"}
          body={
            endpoint.enabled ? (
              <p>No more events are sent to it until it is turned on again. Events that happen meanwhile are not kept for it.</p>
            ) : (
              <p>New events are sent to it again, and its waiting deliveries resume.</p>
            )
          }
          confirmLabel={endpoint.enabled ? "Turn off" : "Turn on"}
          pendingLabel="Saving…"
          action={actions.setEnabled}
          input={{ ...input, enabled: String(!endpoint.enabled) }}
        />
        <ConfirmActionButton
          label="Rotate secret"
          title="Create a new signing secret?"
          body={<p>The current secret keeps signing deliveries for 24 hours alongside the new one, then stops.</p>}
          confirmLabel="Rotate secret"
          pendingLabel="Rotating…"
          action={actions.rotate}
          input={input}
          onSuccess={(r) => typeof r.secret === "string" && setSecret(r.secret)}
        />
        <ConfirmActionButton
          label="Delete"
          variant="danger"
          title="Delete this endpoint?"
          body={<p>Nothing more is sent to {endpoint.url}, and its delivery history is deleted. This cannot be undone.</p>}
          confirmLabel="Delete endpoint"
          pendingLabel="Deleting…"
          action={async (i) => {
            const result = await actions.remove(i);
            if (result.ok) hardNavigate("/admin/webhooks");
            return result;
          }}
          input={input}
        />
      </div>
    </div>
  );
}
