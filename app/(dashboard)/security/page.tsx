import type { Metadata } from "next";
import Link from "next/link";
import { CHECKUP_HREF } from "@/lib/security-checkup";
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

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireUser();
  const { add } = await searchParams;
  const [overview, emailPreferences] = await Promise.all([getSecurityOverview(session.userId), getEmailPreferences(session.userId)]);
  return (
    <>
      <h1 className="text-2xl font-semibold">Security</h1>
      <p className="mt-1 text-sm text-fg-muted">Your password and the second factors that protect your sign-ins.</p>
      <nav aria-label="Security" className="mb-6 mt-2 text-sm">
        <Link href={CHECKUP_HREF} className="inline-flex min-h-11 items-center font-medium text-accent underline-offset-2 hover:underline">
          Security checkup: what to do to keep your account yours
        </Link>
      </nav>
      <SecurityView
        overview={overview}
        startAdding={add === "authenticator-app" ? "TOTP" : null}
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
