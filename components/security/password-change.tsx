"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { PasswordChangeResult } from "@/lib/security";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { NEW_PASSWORD_HINT } from "@/lib/password-rules";
import { appsSignedOutToo } from "@/lib/devices";

type Field = "currentPassword" | "newPassword" | "confirmPassword";
const input =
  "block w-full rounded-md border border-line-strong px-3 py-2 text-base shadow-sm sm:text-sm aria-[invalid=true]:border-red-600";
const FIELDS: { name: Field; label: string; autoComplete: string }[] = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password" },
  { name: "confirmPassword", label: "New password again", autoComplete: "new-password" },
];

/**
 * Change the password. By default it also signs out every other device and revokes personal
 * access tokens (whoever knew the old password is out); the form says so before it is sent.
 */
export function PasswordChangeForm({
  change,
}: {
  change: (input: {
    currentPassword: string;
    newPassword: string;
    confirmPassword: string;
    signOutOthers: boolean;
  }) => Promise<ActionResult<PasswordChangeResult>>;
}) {
  const toast = useToast();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await change({
      currentPassword: String(data.get("currentPassword") ?? ""),
      newPassword: String(data.get("newPassword") ?? ""),
      confirmPassword: String(data.get("confirmPassword") ?? ""),
      signOutOthers: data.get("signOutOthers") === "on",
    });
    setPending(false);
    if (!result.ok) {
      setError({ field: result.field, message: result.error });
      if (result.field) form.current?.querySelector<HTMLInputElement>(`[name="${result.field}"]`)?.focus();
      return;
    }
    form.current?.reset();
    const ended = result.sessionsEnded + result.tokensRevoked;
    toast(
      "success",
      ended
        ? `Password changed. ${result.sessionsEnded} other ${result.sessionsEnded === 1 ? "session" : "sessions"} signed out${result.tokensRevoked ? `, ${result.tokensRevoked} access ${result.tokensRevoked === 1 ? "token" : "tokens"} revoked` : ""}.${appsSignedOutToo(result.apps)}`
        : "Password changed.",
    );
  }

  return (
    <section id="password" aria-labelledby={`${id}-title`} className="scroll-mt-20">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Password
      </h2>
      <form
        ref={form}
        method="post"
        onSubmit={submit}
        className="mt-3 space-y-4 rounded-xl border border-line bg-surface p-4 sm:p-5"
        noValidate
      >
        {FIELDS.map((f) => (
          <div key={f.name} className="space-y-1">
            <label htmlFor={`${id}-${f.name}`} className="block text-sm font-medium">
              {f.label}
            </label>
            <input
              id={`${id}-${f.name}`}
              name={f.name}
              type="password"
              autoComplete={f.autoComplete}
              required
              className={input}
              aria-invalid={error?.field === f.name}
              aria-describedby={error?.field === f.name ? `${id}-error` : f.name === "newPassword" ? `${id}-hint` : undefined}
            />
            {f.name === "newPassword" && (
              <p id={`${id}-hint`} className="text-xs text-fg-muted">
                {NEW_PASSWORD_HINT}
              </p>
            )}
          </div>
        ))}
        <label className="flex min-h-11 items-start gap-3 text-sm">
          <input type="checkbox" name="signOutOthers" defaultChecked className="mt-0.5 size-5 shrink-0" />
          <span>Also sign out your other devices and revoke your personal access tokens</span>
        </label>
        {error && (
          <p id={`${id}-error`} role="alert" className="text-sm text-danger">
            {error.message}
          </p>
        )}
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </form>
    </section>
  );
}
