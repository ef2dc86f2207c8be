"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { publicField } from "@/components/auth/public-card";
import { hardNavigate } from "@/lib/hard-navigate";
import type { ActionResult } from "@/lib/action-result";

/** The password form of "Confirm it's you"; on success the browser goes back to the app's sign-in. */
export function ConfirmForApp({
  action,
  next,
}: {
  action: (input: { currentPassword: string }) => Promise<ActionResult<{ message: string }>>;
  next: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const currentPassword = String(new FormData(event.currentTarget).get("password") ?? "");
    if (!currentPassword) return setError("Enter your password.");
    setPending(true);
    setError(null);
    const result = await action({ currentPassword }).catch(() => null);
    if (result?.ok) return hardNavigate(next);
    if (result && !result.ok && result.signedOut) return hardNavigate(`/sign-in?next=${encodeURIComponent(next)}`);
    setError(result ? result.error : "Could not reach the server. Check your connection and try again.");
    setPending(false);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {error && <FormAlert>{error}</FormAlert>}
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required autoFocus className={publicField} />
      </div>
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Checking…" : "Continue"}
      </Button>
    </form>
  );
}
