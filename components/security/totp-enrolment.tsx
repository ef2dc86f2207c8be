"use client";

import Image from "next/image";
import { useId, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";
import type { TotpEnrolment } from "@/lib/security";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { useStepUp } from "@/components/security/step-up";
import { othersSignedOut, SignOutOthersCheckbox } from "@/components/security/sign-out-others";

type Props = {
  start: (input: { name: string; password?: string }) => Promise<ActionResult<TotpEnrolment>>;
  confirm: (input: {
    enrolmentToken: string;
    code: string;
    signOutOthers: boolean;
  }) => Promise<ActionResult<{ name: string; sessionsEnded: number; apps: string[] }>>;
  onDone: () => void;
};

const input = "block w-full rounded-md border border-line-strong px-3 py-2 text-base shadow-sm sm:text-sm";

/** Add an authenticator app: name it, scan the QR code (or type the key), confirm with a first code. */
export function TotpEnrolmentForm({ start, confirm, onDone }: Props) {
  const toast = useToast();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();
  const stepUp = useStepUp();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const name = String(form.get("name") ?? "");
    const result = enrolment
      ? await confirm({
          enrolmentToken: enrolment.enrolmentToken,
          code: String(form.get("code") ?? ""),
          signOutOthers: form.get("signOutOthers") === "on",
        })
      : await stepUp.run((password) => start({ name, password }));
    setPending(false);
    if (!result) return; // the password prompt was cancelled
    if (!result.ok) return setError(result.error);
    if (!enrolment) return setEnrolment(result as unknown as TotpEnrolment);
    const added = result as { name: string; sessionsEnded: number; apps: string[] };
    toast(
      "success",
      `Authenticator app “${added.name}” added. Sign-ins will ask for its code.${othersSignedOut(added.sessionsEnded, added.apps)}`,
    );
    onDone();
  }

  return (
    <>
      {stepUp.dialog}
      <form
        method="post"
        onSubmit={submit}
        className="space-y-4 rounded-xl border border-line bg-surface p-4 sm:p-5"
        aria-label="Add an authenticator app"
        noValidate
      >
        {!enrolment ? (
          <div className="space-y-1">
            <label htmlFor="totp-name" className="block text-sm font-medium">
              Name
            </label>
            <input
              id="totp-name"
              name="name"
              defaultValue="Authenticator app"
              autoFocus
              className={input}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
        ) : (
          <>
            <p className="text-sm text-fg-soft">Scan this QR code with your authenticator app, or enter the key by hand.</p>
            {/* A data: URL generated on the server: nothing for the image optimiser to fetch. */}
            <Image
              unoptimized
              src={enrolment.qrDataUrl}
              alt="QR code for your authenticator app"
              width={200}
              height={200}
              className="rounded border border-line"
            />
            <div>
              <p className="text-sm font-medium">Setup key</p>
              <code data-testid="totp-secret" className="mt-1 block break-all rounded bg-muted px-2 py-1 font-mono text-sm">
                {enrolment.secret}
              </code>
            </div>
            <div className="space-y-1">
              <label htmlFor="totp-code" className="block text-sm font-medium">
                Code from the app
              </label>
              <input
                id="totp-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                className={`${input} font-mono tracking-widest`}
                aria-describedby={error ? errorId : undefined}
              />
            </div>
            <SignOutOthersCheckbox />
          </>
        )}
        {error && (
          <p id={errorId} role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <div className="flex gap-2">
          <Button type="submit" disabled={pending} aria-busy={pending}>
            {pending ? "Working…" : enrolment ? "Confirm and save" : "Continue"}
          </Button>
          <Button type="button" variant="secondary" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}
