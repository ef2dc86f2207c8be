"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";

/**
 * Allow or Cancel on the consent page. The answer is posted with fetch and the browser then goes
 * where the provider says (the app, with a code or `access_denied`): a form's redirect to the app
 * would be stopped by the page's form-action policy.
 */
export function ConsentForm({ uid, appName }: { uid: string; appName: string }) {
  const [pending, setPending] = useState<"allow" | "deny" | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function answer(decision: "allow" | "deny") {
    setPending(decision);
    setError(null);
    try {
      const res = await fetch(`/oidc/interaction/${encodeURIComponent(uid)}/consent`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ decision }),
      });
      const body = (await res.json().catch(() => null)) as { redirectTo?: string; error?: string } | null;
      if (res.ok && body?.redirectTo) return window.location.assign(body.redirectTo);
      setError(body?.error ?? "This sign-in has expired. Go back to the app and sign in again.");
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(null);
  }

  return (
    <div className="mt-6">
      {error && <FormAlert>{error}</FormAlert>}
      {/* Stacked on a phone in the order Tab reaches them (Cancel first), not reversed: what is seen first is focused first. */}
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" disabled={!!pending} aria-busy={pending === "deny"} onClick={() => void answer("deny")}>
          {pending === "deny" ? "Cancelling…" : "Cancel"}
        </Button>
        <Button disabled={!!pending} aria-busy={pending === "allow"} onClick={() => void answer("allow")}>
          {pending === "allow" ? "Allowing…" : `Allow ${appName}`}
        </Button>
      </div>
    </div>
  );
}
