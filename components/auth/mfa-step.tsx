"use client";

import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { UNAVAILABLE } from "@/lib/action-result";
import { hardNavigate } from "@/lib/hard-navigate";
import { HOME_PATH } from "@/lib/next-path";
import { PushApproval } from "@/components/auth/push-approval";
import { postCredentials } from "@/components/auth/post-credentials";
import type { SecondFactorMethod } from "@/lib/sign-in-steps";

export type SecondFactor = SecondFactorMethod;

const MESSAGES: Record<string, string> = {
  UNAVAILABLE,
  MFA_INVALID: "That code didn't work. Check it and try again.",
  MFA_RATE_LIMITED: "Too many wrong codes. Wait 10 minutes, then try again.",
};

/** What each way asks, and how to switch to it. */
const ASKS: Record<SecondFactor, { prompt: string; switchTo: string }> = {
  "temporary-code": {
    prompt: "Enter the temporary access code your administrator gave you. It works once.",
    switchTo: "Use a temporary access code from your administrator",
  },
  totp: { prompt: "Enter the 6-digit code from your authenticator app.", switchTo: "Use your authenticator app instead" },
  passkey: { prompt: "Use your passkey or security key.", switchTo: "Use a passkey instead" },
  push: { prompt: "Approve the sign-in request on your phone.", switchTo: "Approve on your phone instead" },
  recovery: { prompt: "Enter one of the recovery codes you saved. Each works once.", switchTo: "Use a recovery code instead" },
};

/**
 * The second sign-in step, offering only the ways this user has (lib/sign-in-steps.ts decides
 * them): a temporary access code from an administrator (while one is live), a code from the
 * authenticator app, a passkey, a request approved on the phone (push), or a recovery code. The first of them is shown; the others are one click away. Push, when shown,
 * is sent at once.
 */
export function MfaStep({
  account,
  methods,
  next = HOME_PATH,
  onRestart,
}: {
  /** The email the password was entered for: the step says whose sign-in it is. */
  account: string;
  methods: SecondFactor[];
  /** Where to go once signed in. */
  next?: string;
  onRestart: (message: string) => void;
}) {
  const [method, setMethod] = useState<SecondFactor>(methods[0] ?? "recovery");
  const formRef = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);

  async function finish(credentials: { method: string; code: string; remember: string }) {
    const result = await postCredentials("mfa", credentials);
    // A temporary access code gets in once: straight on to setting up a second factor that lasts.
    if (!result.error) return hardNavigate(credentials.method === "temporary-code" ? "/security?setup=temporary-code" : next);
    if (result.error === "MFA_EXPIRED") return onRestart("Your sign-in timed out. Enter your password again.");
    setError(
      credentials.method === "push" && result.error === "MFA_INVALID"
        ? "That approval could not be used. Send another request."
        : (MESSAGES[result.error] ?? MESSAGES.MFA_INVALID!),
    );
    setPending(false);
    // A wrong code is of no use to retype: clear it, ready for the next one.
    if (codeField.current) {
      codeField.current.value = "";
      codeField.current.focus();
    }
  }

  async function verifyWithPasskey(form: HTMLFormElement | null) {
    setPending(true);
    setError(null);
    try {
      // WebAuthn's browser code is loaded on this click, beside the options: only passkey users need it.
      const webauthn = import("@simplewebauthn/browser");
      webauthn.catch(() => {}); // a failed load is reported where it is awaited
      const res = await fetch("/api/sign-in/passkey-options", { method: "POST" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
        if (body?.error === "unavailable" && body.message) {
          setError(`${body.message} Use another way to verify.`);
          setPending(false);
          return;
        }
        return onRestart("Your sign-in timed out. Enter your password again.");
      }
      const { startAuthentication } = await webauthn;
      const assertion = await startAuthentication({ optionsJSON: await res.json() });
      const remember = form ? new FormData(form).get("remember") === "on" : false;
      await finish({ method: "passkey", code: JSON.stringify(assertion), remember: remember ? "true" : "false" });
    } catch {
      setError("The passkey was not used. Try again, or use another way to verify.");
      setPending(false);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!String(form.get("code") ?? "").trim()) {
      setError(
        method === "totp"
          ? "Enter the 6-digit code from your authenticator app."
          : method === "temporary-code"
            ? "Enter the temporary access code."
            : "Enter a recovery code.",
      );
      codeField.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await finish({ method, code: String(form.get("code") ?? ""), remember: form.get("remember") === "on" ? "true" : "false" });
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  const totp = method === "totp";
  const temporary = method === "temporary-code";
  const codeAsked = totp || temporary || method === "recovery";
  const remembered = () => (formRef.current && new FormData(formRef.current).get("remember") === "on" ? "true" : "false");
  const choose = (m: SecondFactor) => {
    setMethod(m);
    setError(null);
  };
  return (
    // method="post": a submit before hydration (slow network, script blocked) must not put the secret in the URL.
    <form ref={formRef} method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <h2 className="text-base font-semibold">Two-step verification</h2>
      <p className="text-sm text-fg-soft">
        Signing in as <strong className="break-all">{account}</strong>.
      </p>
      <p className="text-sm text-fg-muted">
        {ASKS[method].prompt}
        {/* Only when the code is all she has: with another way left (a passkey at home), it does not mean starting over. */}
        {temporary && methods.length === 1 && " Then you set up a new second factor."}
      </p>
      {error && <FormAlert>{error}</FormAlert>}
      {method === "push" && (
        <PushApproval
          autoStart
          onRestart={onRestart}
          onApproved={async (messageId) => {
            setError(null);
            await finish({ method: "push", code: messageId, remember: remembered() });
          }}
        />
      )}
      {codeAsked && (
        <div className="space-y-1">
          <label htmlFor="code" className="block text-sm font-medium">
            {totp ? "Authentication code" : temporary ? "Temporary access code" : "Recovery code"}
          </label>
          <input
            key={method}
            ref={codeField}
            id="code"
            name="code"
            required
            autoFocus
            autoComplete="one-time-code"
            inputMode={totp ? "numeric" : "text"}
            pattern={totp ? "[0-9 ]*" : undefined}
            maxLength={totp ? 7 : temporary ? 40 : 20}
            className="block w-full rounded-md border border-line-strong px-3 py-2 font-mono text-base tracking-widest shadow-sm sm:text-sm"
          />
        </div>
      )}
      {/* A temporary access code vouches for this one sign-in, never for the browser (the server ignores it too). */}
      {!temporary && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="remember" className="size-4 rounded border-line-strong" />
          Remember this device for 30 days
        </label>
      )}
      {codeAsked && (
        <Button type="submit" className="w-full" disabled={pending} aria-busy={pending}>
          {pending ? "Verifying…" : "Verify"}
        </Button>
      )}
      {method === "passkey" && (
        <Button
          type="button"
          className="w-full"
          disabled={pending}
          aria-busy={pending}
          onClick={(e) => void verifyWithPasskey(e.currentTarget.form)}
        >
          {pending ? "Waiting for your passkey…" : "Use a passkey"}
        </Button>
      )}
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <div className="flex flex-col items-start gap-2">
          {methods
            .filter((m) => m !== method)
            .map((m) => (
              // Choosing the passkey starts it at once: the click is the user's gesture WebAuthn needs.
              <SwitchMethod key={m} onClick={() => (choose(m), m === "passkey" && void verifyWithPasskey(formRef.current))}>
                {ASKS[m].switchTo}
              </SwitchMethod>
            ))}
        </div>
        <button type="button" className="min-h-11 text-fg-muted hover:underline" onClick={() => onRestart("")}>
          Start over
        </button>
      </div>
      {/* Someone whose laptop and phone are both gone is not left at a dead end (an issued code is offered above instead). */}
      {!methods.includes("temporary-code") && (
        <p className="border-t border-line pt-3 text-sm text-fg-muted">
          Can&apos;t use any of these? Your administrator can give you a temporary access code: it replaces this step once, so you can sign
          in and set up a new second factor.
        </p>
      )}
    </form>
  );
}

function SwitchMethod({ onClick, children }: { onClick: () => void; children: string }) {
  return (
    <button type="button" className="min-h-11 font-medium text-accent hover:underline" onClick={onClick}>
      {children}
    </button>
  );
}
