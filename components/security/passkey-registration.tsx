"use client";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useId, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { useStepUp } from "@/components/security/step-up";
import { othersSignedOut, SignOutOthersCheckbox } from "@/components/security/sign-out-others";

export type PasskeyActions = {
  start: (input: {
    name: string;
    password?: string;
  }) => Promise<ActionResult<{ options: PublicKeyCredentialCreationOptionsJSON; token: string }>>;
  finish: (input: {
    token: string;
    name: string;
    response: unknown;
    signOutOthers: boolean;
  }) => Promise<ActionResult<{ name: string; sessionsEnded: number; apps: string[] }>>;
};

/** Name the passkey, then let the browser create it (Touch ID, Windows Hello, a security key…). */
export function PasskeyRegistrationForm({ actions, onDone }: { actions: PasskeyActions; onDone: () => void }) {
  const toast = useToast();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();
  const stepUp = useStepUp();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "");
    const signOutOthers = form.get("signOutOthers") === "on";
    setPending(true);
    setError(null);
    // WebAuthn's browser code is loaded on this submit, while the server prepares the options.
    const webauthn = import("@simplewebauthn/browser");
    webauthn.catch(() => {}); // a failed load is reported where it is awaited
    try {
      const started = await stepUp.run((password) => actions.start({ name, password }));
      if (!started) return setPending(false); // the password prompt was cancelled
      if (!started.ok) throw new Error(started.error);
      const { startRegistration } = await webauthn;
      const response = await startRegistration({ optionsJSON: started.options });
      const saved = await actions.finish({ token: started.token, name, response, signOutOthers });
      if (!saved.ok) throw new Error(saved.error);
      toast("success", `Passkey “${saved.name}” added.${othersSignedOut(saved.sessionsEnded, saved.apps)}`);
      onDone();
    } catch (err) {
      setError(err instanceof Error && err.name !== "NotAllowedError" ? err.message : "The passkey was not created. Try again.");
      setPending(false);
    }
  }

  return (
    <>
      {stepUp.dialog}
      <form
        method="post"
        onSubmit={submit}
        className="space-y-3 rounded-xl border border-line bg-surface p-4 sm:p-5"
        aria-label="Add a passkey"
        noValidate
      >
        <div className="space-y-1">
          <label htmlFor="passkey-name" className="block text-sm font-medium">
            Passkey name
          </label>
          <input
            id="passkey-name"
            name="name"
            defaultValue="Passkey"
            autoFocus
            aria-describedby={error ? errorId : undefined}
            className="block w-full rounded-md border border-line-strong px-3 py-2 text-base shadow-sm sm:text-sm"
          />
        </div>
        <SignOutOthersCheckbox />
        {error && (
          <p id={errorId} role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex gap-2">
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Waiting for your device…" : "Create passkey"}
          </Button>
          <Button type="button" variant="secondary" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}
