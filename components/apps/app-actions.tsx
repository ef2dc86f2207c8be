"use client";

import { useState } from "react";
import { ConfirmActionButton, type ConfirmAction } from "@/components/ui/confirm-action-button";
import { AppSecret } from "@/components/apps/app-secret";
import type { AppSummary } from "@/lib/validation/apps";

/** An app's actions: rotate its secret (shown once), disable or enable it, delete it; each says first what it does to the people signed in. */
export function AppActions({
  app,
  issuer,
  actions,
}: {
  app: AppSummary;
  issuer: string;
  actions: { rotate: ConfirmAction; setEnabled: ConfirmAction; remove: ConfirmAction };
}) {
  const [secret, setSecret] = useState<string | null>(null);
  const input = { appId: app.id };
  const signedOut = `Everyone signed in to ${app.name} through Devicekeeper is signed out of it`;
  const told = app.backchannelLogoutUri ? `, and ${app.name} is told so (back-channel logout)` : "";
  return (
    <div className="space-y-4">
      {secret && (
        <AppSecret
          app={app}
          secret={secret}
          issuer={issuer}
          heading={`Copy the new client secret of “${app.name}” now`}
          onDone={() => setSecret(null)}
        />
      )}
      <div className="flex flex-wrap gap-2">
        {app.confidential && (
          <ConfirmActionButton
            label="Rotate secret"
            title={`Create a new client secret for “${app.name}”?`}
            body={
              <p>
                The current secret stops working at once: {app.name} cannot sign anyone in or refresh their sign-in until it is given the
                new one, shown once after this. No one is signed out.
              </p>
            }
            confirmLabel="Rotate secret"
            pendingLabel="Rotating…"
            action={actions.rotate}
            input={input}
            onSuccess={(r) => typeof r.clientSecret === "string" && setSecret(r.clientSecret)}
          />
        )}
        <ConfirmActionButton
          label={app.enabled ? "Disable" : "Enable"}
          variant={app.enabled ? "danger" : "secondary"}
          title={app.enabled ? `Disable “${app.name}”?` : `Enable “${app.name}”?`}
          body={
            app.enabled ? (
              <p>
                {signedOut}: its tokens stop working{told}. No one can sign in to it until it is enabled again.
              </p>
            ) : (
              <p>People can sign in to {app.name} through Devicekeeper again. No one is signed back in by this: each signs in anew.</p>
            )
          }
          confirmLabel={app.enabled ? "Disable app" : "Enable app"}
          pendingLabel="Saving…"
          action={actions.setEnabled}
          input={{ ...input, enabled: String(!app.enabled) }}
        />
        <ConfirmActionButton
          label="Delete"
          variant="danger"
          title={`Delete “${app.name}”?`}
          body={
            <>
              <p>
                {signedOut}
                {told}. Its client ID and secret stop working for good: it can no longer sign anyone in. Its registration is deleted; this
                cannot be undone.
              </p>
              {app.enabled && <p>To stop it for a while instead, disable it.</p>}
            </>
          }
          confirmLabel="Delete app"
          pendingLabel="Deleting…"
          action={actions.remove}
          input={input}
          successHref="/admin/apps"
        />
      </div>
    </div>
  );
}
