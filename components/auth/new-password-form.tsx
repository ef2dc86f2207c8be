"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { publicField } from "@/components/auth/public-card";
import type { ActionResult } from "@/lib/action-result";
import { hardNavigate } from "@/lib/hard-navigate";
import { PasswordInput } from "@/components/auth/password-input";
import { NEW_PASSWORD_HINT } from "@/lib/password-rules";
import { nextQuery } from "@/lib/next-path";
import { listAnd } from "@/lib/format";

/**
 * A new password through a reset link (from /reset-password, or right after "This wasn't me"):
 * twice, checked alike before the request; on success, to sign-in with a confirmation.
 */
export function NewPasswordForm({
  token,
  email,
  reset,
  next,
  apps = [],
}: {
  token: string;
  email: string;
  /** The apps signed in on the account's devices now, which the new password signs out too. */
  apps?: string[];
  /** Where signing in continues afterwards (an app's sign-in the reset was a detour from). */
  next?: string;
  reset: (input: { token: string; password: string }) => Promise<ActionResult<{ sessionsEnded: number }>>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    if (!password) return setError("Choose a new password.");
    if (password !== String(form.get("confirm") ?? "")) return setError("The two passwords are not the same.");
    setPending(true);
    setError(null);
    try {
      const result = await reset({ token, password });
      // The sign-in form starts with the account's address filled in.
      if (result.ok) hardNavigate(`/sign-in?${new URLSearchParams({ reset: "1", email })}${nextQuery(next, "&")}`);
      else {
        setError(result.error);
        setPending(false);
      }
    } catch {
      setError("Something went wrong. Try again.");
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      {error && <FormAlert>{error}</FormAlert>}
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <div className="space-y-1">
        <label htmlFor="new-password" className="block text-sm font-medium">
          New password
        </label>
        <PasswordInput
          id="new-password"
          name="password"
          autoComplete="new-password"
          required
          autoFocus
          aria-describedby="new-password-hint"
          className={publicField}
        />
        <p id="new-password-hint" className="text-xs text-fg-muted">
          {NEW_PASSWORD_HINT}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="confirm-password" className="block text-sm font-medium">
          New password, again
        </label>
        <PasswordInput id="confirm-password" name="confirm" autoComplete="new-password" required className={publicField} />
      </div>
      <p className="text-sm text-fg-muted">
        Saving it signs out every device, this one too, and revokes your personal access tokens.
        {apps.length > 0 && <> They are also signed out of {listAnd(apps)}, which they signed in to with Devicekeeper.</>}
      </p>
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
