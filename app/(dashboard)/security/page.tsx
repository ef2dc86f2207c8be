import type { Metadata } from "next";
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

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const session = await requireUser();
  const [overview, emailPreferences] = await Promise.all([getSecurityOverview(session.userId), getEmailPreferences(session.userId)]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Security</h1>
      <p className="mb-6 mt-1 text-sm text-fg-muted">Your password and the second factors that protect your sign-ins.</p>
      <SecurityView
        overview={overview}
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
    </>
  );
}
