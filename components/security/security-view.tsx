"use client";

import { RelativeTime } from "@/components/ui/relative-time";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { signInFactorsOf, type AuthenticatorSummary, type SecurityOverview, type TotpEnrolment } from "@/lib/security";
import { describeSignIn, describeSignInAfter, secondFactorMethods } from "@/lib/sign-in-steps";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { TotpEnrolmentForm } from "@/components/security/totp-enrolment";
import { RecoveryCodes } from "@/components/security/recovery-codes";
import { PasskeyRegistrationForm, type PasskeyActions } from "@/components/security/passkey-registration";
import { useStepUp } from "@/components/security/step-up";
import { othersSignedOut, SignOutOthersCheckbox } from "@/components/security/sign-out-others";

export type SecurityActions = {
  // `password` answers a step-up request (components/security/step-up.tsx).
  startTotp: (input: { name: string; password?: string }) => Promise<ActionResult<TotpEnrolment>>;
  confirmTotp: (input: {
    enrolmentToken: string;
    code: string;
    signOutOthers: boolean;
  }) => Promise<ActionResult<{ name: string; sessionsEnded: number; apps: string[] }>>;
  remove: (input: {
    authenticatorId: string;
    password?: string;
    signOutOthers: boolean;
  }) => Promise<ActionResult<{ name: string; sessionsEnded: number; apps: string[] }>>;
  regenerateCodes: (input: { password?: string }) => Promise<ActionResult<{ codes: string[] }>>;
  passkey: PasskeyActions;
};

const GROUPS: { kind: AuthenticatorSummary["kind"]; title: string }[] = [
  { kind: "TOTP", title: "Authenticator apps" },
  { kind: "WEBAUTHN", title: "Passkeys and security keys" },
  { kind: "PUSH", title: "Push sign-in approvals" },
  { kind: "BINDING", title: "Bound devices" },
];

/**
 * What an empty group recommends, as the security checkup does: with no second factor at all, the
 * reason to add one; with one, what this kind adds.
 */
function emptyAdvice(kind: "TOTP" | "WEBAUTHN", hasSecondFactor: boolean): string {
  if (kind === "TOTP")
    return hasSecondFactor
      ? "None yet. An authenticator app on your phone is a second way in if you lose your other factor."
      : "None yet. Add an authenticator app so a stolen password is not enough.";
  return hasSecondFactor
    ? "None yet. A passkey signs you in with this device's screen lock or a security key, and cannot be phished."
    : "None yet. Or add a passkey: this device's screen lock or a security key, so a stolen password is not enough.";
}

export function SecurityView({
  overview,
  actions,
  startAdding = null,
}: {
  overview: SecurityOverview;
  actions: SecurityActions;
  /** Opened from the security checkup's "Add an authenticator app", or after a temporary access code: its form is open at once. */
  startAdding?: "TOTP" | null;
}) {
  const router = useRouter();
  const toast = useToast();
  const [adding, setAdding] = useState<null | "TOTP" | "WEBAUTHN">(startAdding);
  const [removing, setRemoving] = useState<AuthenticatorSummary | null>(null);
  const [pending, setPending] = useState(false);
  const stepUp = useStepUp();
  const [signOutOthers, setSignOutOthers] = useState(true);
  // As the checkup counts: a factor the user set up, whatever an administrator's skip option makes sign-in ask.
  const hasSecondFactor = secondFactorMethods({ ...signInFactorsOf(overview), mfaSkip: undefined }).some((m) => m !== "recovery");

  async function remove() {
    if (!removing) return;
    setPending(true);
    const result = await stepUp.run((password) => actions.remove({ authenticatorId: removing.id, password, signOutOthers }));
    setPending(false);
    setRemoving(null);
    if (!result) return; // the password prompt was cancelled
    if (result.ok) toast("success", `“${result.name}” removed.${othersSignedOut(result.sessionsEnded, result.apps)}`);
    else toast("error", result.error);
    router.refresh();
  }

  return (
    <div className="space-y-8">
      <p className="rounded-xl border border-line bg-surface px-4 py-3 text-sm" data-testid="sign-in-steps">
        {describeSignIn(secondFactorMethods(signInFactorsOf(overview)))}
      </p>
      {GROUPS.map(({ kind, title }) => {
        const items = overview.authenticators.filter((a) => a.kind === kind);
        if (kind !== "TOTP" && kind !== "WEBAUTHN" && items.length === 0) return null;
        return (
          <section
            key={kind}
            id={kind === "TOTP" ? "authenticator-app" : undefined}
            aria-labelledby={`group-${kind}`}
            className="scroll-mt-20"
          >
            <h2 id={`group-${kind}`} className="text-lg font-semibold">
              {title}
            </h2>
            {items.length === 0 && (kind === "TOTP" || kind === "WEBAUTHN") && (
              <p className="mt-2 text-sm text-fg-muted">{emptyAdvice(kind, hasSecondFactor)}</p>
            )}
            <ul className="mt-3 space-y-2">
              {items.map((a) => (
                <li
                  key={a.id}
                  data-authenticator-id={a.id}
                  className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-line bg-surface px-4 py-3"
                >
                  <div className="min-w-0">
                    <p className="break-all font-medium">{a.name}</p>
                    <p className="text-sm text-fg-muted">
                      Added <RelativeTime iso={a.createdAt} />
                      {a.deviceName && <> on {a.deviceName}</>} ·{" "}
                      {a.lastUsedAt ? (
                        <>
                          last used <RelativeTime iso={a.lastUsedAt} />
                        </>
                      ) : (
                        "never used"
                      )}
                    </p>
                  </div>
                  <button
                    type="button"
                    onClick={() => {
                      setSignOutOthers(true);
                      setRemoving(a);
                    }}
                    className="inline-flex min-h-11 items-center rounded-md border border-danger-line px-3 text-sm font-medium text-danger hover:bg-danger-soft"
                  >
                    Remove<span className="sr-only"> {a.name}</span>
                  </button>
                </li>
              ))}
            </ul>
            {kind === "TOTP" && (
              <div className="mt-3">
                {adding === "TOTP" ? (
                  <TotpEnrolmentForm
                    start={actions.startTotp}
                    confirm={actions.confirmTotp}
                    onDone={() => {
                      setAdding(null);
                      router.refresh();
                    }}
                  />
                ) : (
                  <Button type="button" variant="secondary" onClick={() => setAdding("TOTP")}>
                    Add authenticator app
                  </Button>
                )}
              </div>
            )}
            {kind === "WEBAUTHN" && (
              <div className="mt-3">
                {adding === "WEBAUTHN" ? (
                  <PasskeyRegistrationForm
                    actions={actions.passkey}
                    onDone={() => {
                      setAdding(null);
                      router.refresh();
                    }}
                  />
                ) : (
                  <Button type="button" variant="secondary" onClick={() => setAdding("WEBAUTHN")}>
                    Add a passkey
                  </Button>
                )}
              </div>
            )}
          </section>
        );
      })}
      <RecoveryCodes
        remaining={overview.recoveryCodes.remaining}
        total={overview.recoveryCodes.total}
        regenerate={actions.regenerateCodes}
      />
      {stepUp.dialog}
      {removing && (
        <ConfirmDialog
          open
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove authenticator"
          pendingLabel="Removing…"
          pending={pending}
          onConfirm={() => void remove()}
          onClose={() => setRemoving(null)}
        >
          <p>Sign-ins will no longer accept it.</p>
          <p className="mt-2 font-medium">{describeSignInAfter(signInFactorsOf(overview), { ids: [removing.id] })}</p>
          <SignOutOthersCheckbox checked={signOutOthers} onChange={setSignOutOthers} />
        </ConfirmDialog>
      )}
    </div>
  );
}
