"use server";

import { revalidatePath } from "next/cache";
import { invalidField, type ActionResult } from "@/lib/action-result";
import {
  authenticatorIdSchema, authenticatorNameSchema, changePasswordSchema, confirmTotpSchema, finishPasskeySchema,
  type PasswordChangeResult, type TotpEnrolment,
} from "@/lib/security";
import { changePassword } from "@/server/auth/change-password";
import { runRecentlyVerifiedAction, runUserAction } from "@/server/auth/run-user-action";
import type { StepUpRefusal } from "@/server/auth/step-up";
import type { Actor } from "@/server/audit/actor";
import { revokeOtherSessions } from "@/server/sessions/revoke-other-sessions";
import { startTotpEnrolment } from "@/server/mfa/start-totp-enrolment";
import { confirmTotpEnrolment } from "@/server/mfa/confirm-totp-enrolment";
import { removeAuthenticator } from "@/server/mfa/remove-authenticator";
import { regenerateRecoveryCodes } from "@/server/mfa/recovery-codes";
import { finishPasskeyRegistration, startPasskeyRegistration } from "@/server/mfa/passkey-registration";

// Adding or removing a second factor and replacing recovery codes need a password from the last
// 10 minutes (runRecentlyVerifiedAction): a borrowed or stolen session cannot take over the account.

export async function startTotpEnrolmentAction(name: unknown, password?: unknown): Promise<ActionResult<TotpEnrolment> | StepUpRefusal> {
  const parsed = authenticatorNameSchema.safeParse(name);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid name" };
  return runRecentlyVerifiedAction(password, ({ session }) => startTotpEnrolment({ userId: session.userId, email: session.email, name: parsed.data }));
}

/** After a second factor changes, optionally sign out every other device (its own audited change). */
async function signOutOthersIf(wanted: boolean, actor: Actor & { sessionId: string }, userId: string): Promise<number> {
  return wanted ? (await revokeOtherSessions({ actor, userId })).sessionsEnded : 0;
}

export async function confirmTotpEnrolmentAction(input: unknown): Promise<ActionResult<{ name: string; sessionsEnded: number }>> {
  const parsed = confirmTotpSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const { signOutOthers, ...enrolment } = parsed.data;
  const result = await runUserAction(async ({ session, actor }) => {
    const a = await confirmTotpEnrolment({ actor, userId: session.userId, deviceId: session.deviceId, ...enrolment });
    return { name: a.name, sessionsEnded: await signOutOthersIf(signOutOthers, actor, session.userId) };
  });
  if (result.ok) revalidatePath("/security");
  return result;
}

export async function removeAuthenticatorAction(authenticatorId: unknown, password?: unknown, signOutOthers?: unknown): Promise<ActionResult<{ name: string; sessionsEnded: number }> | StepUpRefusal> {
  const parsed = authenticatorIdSchema.safeParse(authenticatorId);
  if (!parsed.success) return { ok: false, error: "Invalid authenticator id" };
  const result = await runRecentlyVerifiedAction(password, async ({ session, actor }) => {
    const r = await removeAuthenticator({ actor, userId: session.userId, authenticatorId: parsed.data });
    return { name: r.name, sessionsEnded: await signOutOthersIf(signOutOthers === true, actor, session.userId) };
  });
  if (result.ok) revalidatePath("/security");
  return result;
}

export async function regenerateRecoveryCodesAction(password?: unknown): Promise<ActionResult<{ codes: string[] }> | StepUpRefusal> {
  const result = await runRecentlyVerifiedAction(password, async ({ session, actor }) => ({ codes: await regenerateRecoveryCodes({ actor, userId: session.userId }) }));
  if (result.ok) revalidatePath("/security");
  return result;
}

export async function startPasskeyRegistrationAction(name: unknown, password?: unknown) {
  const parsed = authenticatorNameSchema.safeParse(name);
  if (!parsed.success) return { ok: false as const, error: parsed.error.issues[0]?.message ?? "Invalid name" };
  return runRecentlyVerifiedAction(password, ({ session }) => startPasskeyRegistration({ userId: session.userId, email: session.email, name: parsed.data }));
}

export async function finishPasskeyRegistrationAction(input: unknown): Promise<ActionResult<{ name: string; sessionsEnded: number }>> {
  const parsed = finishPasskeySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Invalid passkey response" };
  const { signOutOthers, ...registration } = parsed.data;
  const result = await runUserAction(async ({ session, actor }) => {
    const a = await finishPasskeyRegistration({ actor, userId: session.userId, deviceId: session.deviceId, ...registration });
    return { name: a.name, sessionsEnded: await signOutOthersIf(signOutOthers, actor, session.userId) };
  });
  if (result.ok) revalidatePath("/security");
  return result;
}

/** Changes the password; a refusal names its field so the form can mark it. */
export async function changePasswordAction(input: unknown): Promise<ActionResult<PasswordChangeResult>> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return invalidField(parsed.error);
  const result = await runUserAction(({ session, actor }) => changePassword({ session, ...parsed.data, context: actor.context }));
  if (result.ok) revalidatePath("/devices");
  return result;
}
