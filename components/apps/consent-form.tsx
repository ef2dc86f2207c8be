"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";

type Decision = "allow" | "deny" | "another-account";

/**
 * Allow or Cancel on the consent page, or "Use another account". The answer is posted with fetch and the browser then goes
 * where the provider says (the app, with a code or `access_denied`): a form's redirect to the app
 * would be stopped by the page's form-action policy.
 */
export function ConsentForm({ uid, appName, email }: { uid: string; appName: string; email: string }) {
  const [pending, setPending] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function answer(decision: Decision) {
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
      {/* A shared browser: whoever is here is not the account shown. */}
      <p className="mt-6 border-t border-line-soft pt-4 text-sm text-fg-muted">
        Not {email}?{" "}
        <button
          type="button"
          className="min-h-11 font-medium text-accent hover:underline disabled:opacity-60"
          disabled={!!pending}
          aria-busy={pending === "another-account"}
          aria-describedby="another-account-what"
          onClick={() => void answer("another-account")}
        >
          {pending === "another-account" ? "Signing out…" : "Use another account"}
        </button>
        <span id="another-account-what" className="block text-xs">
          First signs {email} out on this device, and out of the apps signed in with it here.
        </span>
      </p>
    </div>
  );
}
