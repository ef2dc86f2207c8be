"use client";

import Link from "next/link";
import { useRef, useState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { NewPasswordForm } from "@/components/auth/new-password-form";
import type { ActionResult } from "@/lib/action-result";
import { formatExact, listAnd } from "@/lib/format";
import { appsSignedOutToo } from "@/lib/devices";

type Device = { software: string; place: string | null; ip: string | null; signedInAt: string | null };
type Answer = "me" | "not-me";
type Reported = ActionResult<{
  answer: Answer;
  device: string;
  sessionsEnded?: number;
  apps?: string[];
  resetToken?: string;
  /** The apps still signed in on the account's other devices: the new password signs them out. */
  stillSignedIn?: string[];
}>;

/** "This was me" / "This wasn't me": the device, what the answer does, one button; then the next steps. */
export function DeviceReport({
  token,
  email,
  device,
  apps,
  initial,
  report,
  reset,
}: {
  token: string;
  email: string;
  device: Device;
  /** The apps signed in on the device now, which signing it out ends too. */
  apps: string[];
  initial: Answer;
  report: (input: { token: string; answer: Answer }) => Promise<Reported>;
  reset: (input: { token: string; password: string }) => Promise<ActionResult<{ sessionsEnded: number }>>;
}) {
  const [answer, setAnswer] = useState<Answer>(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Extract<Reported, { ok: true }> | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => doneRef.current?.focus(), [done]);

  async function submit() {
    setPending(true);
    setError(null);
    try {
      const result = await report({ token, answer });
      if (result.ok) setDone(result);
      else setError(result.error);
    } catch {
      setError("Something went wrong. Try again.");
    } finally {
      setPending(false);
    }
  }

  if (done?.answer === "me")
    return (
      <div ref={doneRef} tabIndex={-1} role="status" className="mt-6 space-y-3 text-sm outline-none">
        <p className="rounded-md border border-success-line bg-success-soft px-3 py-2 text-success-strong">
          Thanks — {done.device} is marked as yours.
        </p>
        <Link href="/devices" className="font-medium text-accent hover:underline">
          See your devices
        </Link>
      </div>
    );
  if (done?.answer === "not-me")
    return (
      <div className="mt-6 space-y-3 text-sm">
        <div
          ref={doneRef}
          tabIndex={-1}
          role="status"
          className="rounded-md border border-success-line bg-success-soft px-3 py-2 text-success-strong outline-none"
        >
          Done: {done.device} is signed out
          {done.sessionsEnded ? ` (${done.sessionsEnded} ${done.sessionsEnded === 1 ? "session" : "sessions"} ended)` : ""} and no longer
          trusted.{appsSignedOutToo(done.apps)}
        </div>
        <h2 className="pt-2 text-base font-semibold">Next: choose a new password</h2>
        <p className="text-fg-soft">Whoever signed in may know your password. This form works for the next 30 minutes.</p>
        {done.resetToken && <NewPasswordForm token={done.resetToken} email={email} apps={done.stillSignedIn} reset={reset} />}
        <p className="pt-2 text-fg-soft">
          Then review your second factors on the{" "}
          <a href="/security" className="font-medium text-accent hover:underline">
            Security page
          </a>{" "}
          and remove any you don&apos;t know.
        </p>
      </div>
    );

  return (
    <div className="mt-6 space-y-4 text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-canvas p-3">
        <dt className="text-fg-subtle">Device</dt>
        <dd>{device.software}</dd>
        <dt className="text-fg-subtle">Where</dt>
        <dd>{device.place ? `near ${device.place}` : "unknown"}</dd>
        <dt className="text-fg-subtle">IP address</dt>
        <dd className="font-mono text-xs leading-5">{device.ip ?? "unknown"}</dd>
        {device.signedInAt && (
          <>
            <dt className="text-fg-subtle">When</dt>
            <dd>{formatExact(device.signedInAt)}</dd>
          </>
        )}
      </dl>
      {error && <FormAlert>{error}</FormAlert>}
      {answer === "not-me" ? (
        <>
          <p>
            <strong>Sign this device out?</strong> Every session on it ends at once and it is no longer trusted: to come back it must sign
            in again, with your second factor if you have one. You don&apos;t need your password for this.
          </p>
          {apps.length > 0 && <p>It is also signed out of {listAnd(apps)}, which it signed in to with Devicekeeper.</p>}
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="danger" onClick={submit} disabled={pending} aria-busy={pending}>
              {pending ? "Signing it out…" : "Sign this device out"}
            </Button>
            <button type="button" className="min-h-11 font-medium text-accent hover:underline" onClick={() => setAnswer("me")}>
              It was me after all
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            <strong>Was it you?</strong> The device is marked as yours and stops showing as new. Nothing else changes.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={submit} disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Yes, this was me"}
            </Button>
            <button type="button" className="min-h-11 font-medium text-danger hover:underline" onClick={() => setAnswer("not-me")}>
              No, it wasn&apos;t me
            </button>
          </div>
        </>
      )}
    </div>
  );
}
