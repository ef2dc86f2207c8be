import type { Metadata } from "next";
import Link from "next/link";
import { CHECKUP_HREF } from "@/lib/security-checkup";
import { secondStepsLeft } from "@/lib/security";
import { requireUser } from "@devicekeeper/server/auth/session";
import { getSecurityOverview } from "@devicekeeper/server/mfa/get-security-overview";
import { SecurityView } from "@/components/security/security-view";
import { PasswordChangeForm } from "@/components/security/password-change";
import {
  changePasswordAction,
  confirmTotpEnrolmentAction,
  finishPasskeyRegistrationAction,
  regenerateRecoveryCodesAction,
  removeAuthenticatorAction,
  startPasskeyRegistrationAction,
  startTotpEnrolmentAction,
  updateEmailPreferencesAction,
} from "./actions";
import { getEmailPreferences } from "@devicekeeper/server/mail/email-preferences";
import { EmailPreferencesForm } from "@/components/security/email-preferences-form";
import { SecondFactorSetupNotice } from "@/components/security/second-factor-setup-notice";
import { secondFactorSetupReason } from "@devicekeeper/server/mfa/second-factor-setup-reason";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser();
  const { add, setup } = await searchParams;
  const [overview, emailPreferences] = await Promise.all([getSecurityOverview(session.userId), getEmailPreferences(session.userId)]);
  // Signed in with a temporary access code (the sign-in sent them here): set up a factor that lasts.
  const afterTemporaryCode = setup === "temporary-code";
  const reason = afterTemporaryCode ? "temporary-code" : await secondFactorSetupReason(session.userId, overview);
  const setUpSince = afterTemporaryCode
    ? overview.authenticators.some((a) => a.kind !== "BINDING" && new Date(a.createdAt) >= session.verifiedAt)
    : false;
  // What her sign-in still offers besides the code (she may have used it on a computer without her passkey).
  const stillHave = afterTemporaryCode ? secondStepsLeft(overview) : undefined;
  // One column: every card of the page (factors, forms, password, email alerts) the same width.
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-semibold">Security</h1>
      <p className="mt-1 text-sm text-fg-muted">Your password and the second factors that protect your sign-ins.</p>
      <nav aria-label="Security" className="mb-6 mt-2 text-sm">
        <Link href={CHECKUP_HREF} className="inline-flex min-h-11 items-center font-medium text-accent underline-offset-2 hover:underline">
          Security checkup: what to do to keep your account yours
        </Link>
      </nav>
      {/* Where someone who lost a phone looks first: the way to it, on the page of their second factors. */}
      <p className="-mt-4 mb-6 text-sm text-fg-muted">
        Lost a phone or a computer? In{" "}
        <Link href="/devices" className="font-medium text-accent underline-offset-2 hover:underline">
          Your devices
        </Link>
        , open it and choose “I lost this device”: it is signed out, and the second factors set up on it are removed.
      </p>
      {reason && (
        <div className="mb-6">
          <SecondFactorSetupNotice reason={reason} done={setUpSince} stillHave={stillHave} />
        </div>
      )}
      <SecurityView
        overview={overview}
        startAdding={add === "authenticator-app" || (afterTemporaryCode && !setUpSince && !stillHave) ? "TOTP" : null}
        actions={{
          startTotp: startTotpEnrolmentAction,
          confirmTotp: confirmTotpEnrolmentAction,
          remove: removeAuthenticatorAction,
          regenerateCodes: regenerateRecoveryCodesAction,
          passkey: { start: startPasskeyRegistrationAction, finish: finishPasskeyRegistrationAction },
        }}
      />
      <div className="mt-8">
        <PasswordChangeForm change={changePasswordAction} />
      </div>
      <div className="mt-8">
        <EmailPreferencesForm email={session.email} initial={emailPreferences} save={updateEmailPreferencesAction} />
      </div>
    </div>
  );
}
