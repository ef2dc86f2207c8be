"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { EmailField } from "@/components/auth/public-card";
import type { ActionResult } from "@/lib/action-result";
import { nextQuery } from "@/lib/next-path";
import { fillTypedEmail, keepTypedEmail } from "@/lib/typed-email";

/**
 * Asks for the address; says the same thing afterwards whether an account has it or not. `next`:
 * where signing in continues (an app's sign-in), kept by the way back and by the emailed link.
 */
export function ForgotPasswordForm({
  request,
  next,
}: {
  request: (input: { email: string; next?: string }) => Promise<ActionResult>;
  next?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const confirmation = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // The address typed on the sign-in page, if any: it need not be typed again.
  useEffect(() => void fillTypedEmail(form.current?.elements.namedItem("email") as HTMLInputElement | null), []);
  useEffect(() => {
    if (sentTo) confirmation.current?.focus();
  }, [sentTo]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "").trim();
    if (!email) return setError("Enter your email address.");
    // Back to sign in, the form holds this address.
    keepTypedEmail(email);
    setPending(true);
    setError(null);
    try {
      const result = await request({ email, next });
      if (result.ok) setSentTo(email);
      else setError(result.error);
    } catch {
      setError("Something went wrong. Try again.");
    } finally {
      setPending(false);
    }
  }

  if (sentTo)
    return (
      // Focus moves to the confirmation (the form it replaced is gone), so it is read out and the keyboard starts there.
      <div role="status" tabIndex={-1} ref={confirmation} className="mt-6 space-y-3 text-sm outline-none">
        <p className="rounded-md border border-success-line bg-success-soft px-3 py-2 text-success-strong">
          If an account uses <strong>{sentTo}</strong>, we have emailed it a link to choose a new password. The link works once, for 30
          minutes.
        </p>
        <p className="text-fg-muted">Nothing arrived? Check your spam folder, or ask again in a few minutes.</p>
        <p>
          <a href={`/sign-in${nextQuery(next)}`} className="font-medium text-accent hover:underline">
            Back to sign in
          </a>
        </p>
      </div>
    );

  return (
    <form ref={form} method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {error && <FormAlert>{error}</FormAlert>}
      <EmailField />
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Sending…" : "Email me a reset link"}
      </Button>
      <p className="text-center text-sm">
        <a href={`/sign-in${nextQuery(next)}`} className="font-medium text-accent hover:underline">
          Back to sign in
        </a>
      </p>
    </form>
  );
}
