import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import type { AdminUser } from "@/lib/admin";
import { signInFactorsOf, type AuthenticatorSummary, type SecurityOverview } from "@/lib/security";
import { describeSignIn, describeSignInAfter, secondFactorMethods, type FactorChange } from "@/lib/sign-in-steps";
import type { AdminUserActions } from "@/components/admin/types";

type Props = {
  user: AdminUser;
  security: SecurityOverview;
  actions: Pick<AdminUserActions, "resetOath" | "resetPush" | "revokeRecoveryCodes" | "deletePasskey" | "deleteBoundDevice">;
};

const box = "rounded-xl border border-line bg-surface p-4";

/**
 * A user's second factors by kind, each reset offered only when it would change something, each
 * confirmation saying what the user's next sign-in will ask after it (lib/sign-in-steps.ts: the
 * rule sign-in itself follows).
 */
export function AdminSecondFactors({ user, security, actions }: Props) {
  const { authenticators, recoveryCodes } = security;
  const who = `${user.name} (${user.email})`;
  const input = { userId: user.id };
  const factors = signInFactorsOf(security);
  const after = (change: FactorChange) => <p className="mt-2 font-medium">{describeSignInAfter(factors, change, user.name)}</p>;
  const byKind = (kind: AuthenticatorSummary["kind"]) => authenticators.filter((a) => a.kind === kind);
  const names = (kind: AuthenticatorSummary["kind"]) =>
    byKind(kind)
      .map((a) => a.name)
      .join(", ") || "None";
  return (
    <section className="mt-8" aria-labelledby="mfa-h">
      <h2 id="mfa-h" className="text-lg font-semibold">
        Second factors
      </h2>
      <p className="mt-1 text-sm text-fg-soft" data-testid="sign-in-steps">
        {describeSignIn(secondFactorMethods(factors), user.name)}
      </p>
      <div className="mt-3 grid gap-4 sm:grid-cols-2">
        <div className={box}>
          <h3 className="font-medium">Authenticator apps (OATH)</h3>
          <p className="mt-1 text-sm text-fg-muted">{names("TOTP")}</p>
          {/* Offered only when it would change something: apps to delete, or a skip option to reset. */}
          {(byKind("TOTP").length > 0 || user.mfaSkip !== "NOT_SET") && (
            <div className="mt-3">
              <ConfirmActionButton
                variant="danger"
                label="Reset authenticator apps"
                title={`Reset the authenticator apps of ${user.name}?`}
                body={
                  <>
                    <p>Every authenticator app of {who} is deleted and their second step at sign-in goes back to the default.</p>
                    {after({ kinds: ["TOTP"], resetSkip: true })}
                  </>
                }
                confirmLabel="Reset authenticator apps"
                pendingLabel="Resetting…"
                action={actions.resetOath}
                input={input}
              />
            </div>
          )}
        </div>
        <div className={box}>
          <h3 className="font-medium">Push sign-in approvals</h3>
          <p className="mt-1 text-sm text-fg-muted">{names("PUSH")}</p>
          {byKind("PUSH").length > 0 && (
            <div className="mt-3">
              <ConfirmActionButton
                variant="danger"
                label="Reset push sign-in approvals"
                title={`Reset push sign-in approvals for ${user.name}?`}
                body={
                  <>
                    <p>
                      Every phone {who} registered for push sign-in approvals is removed: sign-ins no longer ask it, and its app must
                      register again.
                    </p>
                    {after({ kinds: ["PUSH"] })}
                  </>
                }
                confirmLabel="Reset push sign-in approvals"
                pendingLabel="Resetting…"
                action={actions.resetPush}
                input={input}
              />
            </div>
          )}
        </div>
        <div className={box}>
          <h3 className="font-medium">Passkeys (WebAuthn)</h3>
          {byKind("WEBAUTHN").length === 0 && <p className="mt-1 text-sm text-fg-muted">None</p>}
          <ul className="mt-2 space-y-2">
            {byKind("WEBAUTHN").map((a) => (
              <li key={a.id} data-authenticator-id={a.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span className="break-words">{a.name}</span>
                <ConfirmActionButton
                  variant="danger"
                  label="Delete"
                  ariaLabel={`Delete the passkey ${a.name}`}
                  title={`Delete the passkey “${a.name}” of ${user.name}?`}
                  body={
                    <>
                      <p>{who} can no longer sign in with it.</p>
                      {after({ ids: [a.id] })}
                    </>
                  }
                  confirmLabel="Delete passkey"
                  pendingLabel="Deleting…"
                  action={actions.deletePasskey}
                  input={{ ...input, id: a.id }}
                />
              </li>
            ))}
          </ul>
        </div>
        <div className={box}>
          <h3 className="font-medium">Bound devices</h3>
          <p className="mt-1 text-xs text-fg-subtle">Deleting a bound device here does not remove the keys stored on the device itself.</p>
          {byKind("BINDING").length === 0 && <p className="mt-1 text-sm text-fg-muted">None</p>}
          <ul className="mt-2 space-y-2">
            {byKind("BINDING").map((a) => (
              <li key={a.id} data-authenticator-id={a.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span className="break-words">{a.name}</span>
                <ConfirmActionButton
                  variant="danger"
                  label="Delete"
                  ariaLabel={`Delete the bound device ${a.name}`}
                  title={`Delete the bound device “${a.name}” of ${user.name}?`}
                  body={<p>The server forgets it; the keys stored on the device are not removed.</p>}
                  confirmLabel="Delete bound device"
                  pendingLabel="Deleting…"
                  action={actions.deleteBoundDevice}
                  input={{ ...input, id: a.id }}
                />
              </li>
            ))}
          </ul>
        </div>
        <div className={box}>
          <h3 className="font-medium">Recovery codes</h3>
          <p className="mt-1 text-sm text-fg-muted">
            {recoveryCodes.total ? `${recoveryCodes.remaining} of ${recoveryCodes.total} unused` : "None"}
          </p>
          {recoveryCodes.total > 0 && (
            <div className="mt-3">
              <ConfirmActionButton
                variant="danger"
                label="Revoke recovery codes"
                title={`Revoke the recovery codes of ${user.name}?`}
                body={
                  <>
                    <p>Every recovery code of {who} stops working. They can generate new ones themselves.</p>
                    {after({ recoveryCodes: true })}
                  </>
                }
                confirmLabel="Revoke recovery codes"
                pendingLabel="Revoking…"
                action={actions.revokeRecoveryCodes}
                input={input}
              />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
