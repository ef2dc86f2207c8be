"use client";

import { signInPaused, tooManyAttempts } from "@/lib/format";
import { lazy, startTransition, useEffect, useRef, useState, type FormEvent } from "react";
import { PasswordInput } from "@/components/auth/password-input";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { EmailField, publicField as field } from "@/components/auth/public-card";
import { postCredentials } from "@/components/auth/post-credentials";
import { hardNavigate } from "@/lib/hard-navigate";
import { HOME_PATH, nextQuery } from "@/lib/next-path";
import { fillTypedEmail, forgetTypedEmail, keepTypedEmail } from "@/lib/typed-email";
import { UNAVAILABLE } from "@/lib/action-result";
import type { SecondFactorMethod as SecondFactor } from "@/lib/sign-in-steps";

// The second step (with push and WebAuthn) loads only once a password is being checked: most
// sign-ins never need it, and none needs it before then.
const loadMfaStep = () => import("@/components/auth/mfa-step");
const MfaStep = lazy(() => loadMfaStep().then((m) => ({ default: m.MfaStep })));

/**
 * `next`: where to go once signed in (a path of this site, checked by the page). `email`: the
 * address to start with (after a password reset; checked by the page).
 */
export function SignInForm({ next = HOME_PATH, email: initialEmail }: { next?: string; email?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [mfa, setMfa] = useState<SecondFactor[] | null>(null);
  const [account, setAccount] = useState("");
  const form = useRef<HTMLFormElement>(null);
  // Back from "Forgot your password?": the address typed before, and the cursor in the password.
  useEffect(() => {
    const fields = form.current?.elements;
    if (!initialEmail && fillTypedEmail(fields?.namedItem("email") as HTMLInputElement | null))
      (fields?.namedItem("password") as HTMLInputElement | null)?.focus();
  }, [initialEmail]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Empty fields are said so here, before any request: not "incorrect email or password".
    const email = String(form.get("email") ?? "").trim();
    const missing = !email ? "email" : !form.get("password") ? "password" : null;
    if (missing) {
      setError(missing === "email" ? "Enter your email address." : "Enter your password.");
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${missing}"]`)?.focus();
      return;
    }
    setAccount(email);
    setPending(true);
    setError(null);
    void loadMfaStep().catch(() => {});
    try {
      const result = await postCredentials("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      // The password was right: the address typed is no longer needed in this tab.
      if (!result.error || result.error.startsWith("MFA_REQUIRED")) forgetTypedEmail();
      if (result.error?.startsWith("MFA_REQUIRED")) {
        const methods = (result.error.split(":")[1] ?? "totp").split(",").filter(Boolean) as SecondFactor[];
        // A transition: the form stays as it is ("Signing in…") until the step's code has arrived.
        startTransition(() => {
          setMfa(methods);
          setPending(false);
        });
        return;
      }
      if (result.error?.startsWith("LOCKED")) {
        const [kind, seconds] = result.error.split(":");
        setError((kind === "LOCKED_ACCOUNT" ? signInPaused : tooManyAttempts)(Number(seconds)));
        setPending(false);
        return;
      }
      if (result.error === "UNAVAILABLE") {
        setError(UNAVAILABLE);
        setPending(false);
        return;
      }
      if (result.error) {
        // One message for every failure: it must not reveal whether the email exists.
        setError("Incorrect email or password.");
        setPending(false);
        return;
      }
      hardNavigate(next);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  if (mfa) {
    return (
      <MfaStep
        account={account}
        methods={mfa}
        next={next}
        onRestart={(message) => {
          setMfa(null);
          setError(message || null);
        }}
      />
    );
  }

  return (
    // method="post": a submit before hydration (slow network, script blocked) must not put the secret in the URL.
    // The error shows under the button, so the fields stay where they were while it appears.
    <form ref={form} method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <EmailField defaultValue={initialEmail} autoFocus={!initialEmail} />
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <PasswordInput
          id="password"
          name="password"
          autoComplete="current-password"
          required
          autoFocus={!!initialEmail}
          className={field}
        />
        <p className="text-right text-sm">
          <a
            href={`/forgot-password${nextQuery(next)}`}
            onClick={() => keepTypedEmail((form.current?.elements.namedItem("email") as HTMLInputElement | null)?.value ?? "")}
            className="font-medium text-accent underline-offset-2 hover:underline"
          >
            Forgot your password?
          </a>
        </p>
      </div>
      <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {error && <FormAlert>{error}</FormAlert>}
    </form>
  );
}
