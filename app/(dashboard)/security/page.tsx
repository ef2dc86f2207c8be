import type { Metadata } from "next";
import { requireUser } from "@/server/auth/session";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
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
} from "./actions";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const session = await requireUser();
  const overview = await getSecurityOverview(session.userId);
  return (
    <>
      <h1 className="text-2xl font-semibold">Security</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Your password and the second factors that protect your sign-ins.</p>
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
    </>
  );
}
