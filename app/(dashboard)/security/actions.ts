"use server";

import { z } from "zod";
import {
  changePasswordSchema,
  confirmTotpSchema,
  finishPasskeySchema,
  removeAuthenticatorSchema,
  startEnrolmentSchema,
} from "@/lib/validation/security";
import { defineAction, type ActionContext } from "@devicekeeper/server/actions/action-client";
import { changePassword } from "@devicekeeper/server/auth/change-password";
import { revokeOtherSessions } from "@devicekeeper/server/sessions/revoke-other-sessions";
import { startTotpEnrolment } from "@devicekeeper/server/mfa/start-totp-enrolment";
import { confirmTotpEnrolment } from "@devicekeeper/server/mfa/confirm-totp-enrolment";
import { removeAuthenticator } from "@devicekeeper/server/mfa/remove-authenticator";
import { regenerateRecoveryCodes } from "@devicekeeper/server/mfa/recovery-codes";
import { updateEmailPreferences } from "@devicekeeper/server/mail/email-preferences";
import { emailPreferencesSchema } from "@/lib/validation/email-preferences";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@devicekeeper/server/mfa/passkey-registration";

// Starting to add a second factor, removing one and replacing recovery codes need a password from
// the last 10 minutes ("recently-verified"): a borrowed or stolen session cannot take over the
// account. Finishing an enrolment needs the signed token that the verified start handed out.

/**
 * After a second factor changes, optionally sign out every other device (its own audited change):
 * how many sessions ended, and the apps they were signed in to.
 */
async function signOutOthersIf(wanted: boolean, { session, actor }: ActionContext): Promise<{ sessionsEnded: number; apps: string[] }> {
  if (!wanted) return { sessionsEnded: 0, apps: [] };
  const { sessionsEnded, apps } = await revokeOtherSessions({ actor, userId: session.userId });
  return { sessionsEnded, apps };
}

export const startTotpEnrolmentAction = defineAction({
  access: "recently-verified",
  input: startEnrolmentSchema,
  run: ({ name }, { session }) => startTotpEnrolment({ userId: session.userId, email: session.email, name }),
});

export const confirmTotpEnrolmentAction = defineAction({
  access: "user",
  input: confirmTotpSchema,
  run: async ({ signOutOthers, ...enrolment }, ctx) => {
    const a = await confirmTotpEnrolment({ actor: ctx.actor, userId: ctx.session.userId, deviceId: ctx.session.deviceId, ...enrolment });
    return { name: a.name, ...(await signOutOthersIf(signOutOthers, ctx)) };
  },
  revalidate: "/security",
});

export const removeAuthenticatorAction = defineAction({
  access: "recently-verified",
  input: removeAuthenticatorSchema,
  invalidInput: "Invalid authenticator id",
  run: async ({ authenticatorId, signOutOthers }, ctx) => {
    const r = await removeAuthenticator({ actor: ctx.actor, userId: ctx.session.userId, authenticatorId });
    return { name: r.name, ...(await signOutOthersIf(signOutOthers, ctx)) };
  },
  revalidate: "/security",
});

export const regenerateRecoveryCodesAction = defineAction({
  access: "recently-verified",
  input: z.object({}),
  run: async (_, { session, actor }) => ({ codes: await regenerateRecoveryCodes({ actor, userId: session.userId }) }),
  revalidate: "/security",
});

export const startPasskeyRegistrationAction = defineAction({
  access: "recently-verified",
  input: startEnrolmentSchema,
  run: ({ name }, { session }) => startPasskeyRegistration({ userId: session.userId, email: session.email, name }),
});

export const finishPasskeyRegistrationAction = defineAction({
  access: "user",
  input: finishPasskeySchema,
  invalidInput: "Invalid passkey response",
  run: async ({ signOutOthers, ...registration }, ctx) => {
    const a = await finishPasskeyRegistration({
      actor: ctx.actor,
      userId: ctx.session.userId,
      deviceId: ctx.session.deviceId,
      ...registration,
    });
    return { name: a.name, ...(await signOutOthersIf(signOutOthers, ctx)) };
  },
  revalidate: "/security",
});

/** Changes the password; a refusal names its field so the form can mark it. */
export const changePasswordAction = defineAction({
  access: "user",
  input: changePasswordSchema,
  run: (input, { session, actor }) => changePassword({ session, ...input, context: actor.context }),
  revalidate: "/devices",
});

/** "Email me when…": the user's own choice, no password needed (turning alerts off is audited and emailed nowhere). */
export const updateEmailPreferencesAction = defineAction({
  access: "user",
  input: emailPreferencesSchema,
  run: (preferences, { session, actor }) => updateEmailPreferences({ actor, userId: session.userId, preferences }),
  revalidate: "/security",
});
