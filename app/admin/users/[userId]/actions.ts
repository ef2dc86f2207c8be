"use server";

import { z } from "zod";
import { defineAction } from "@devicekeeper/server/actions/action-client";
import { resetOath, resetPush, deleteUserAuthenticator, revokeRecoveryCodes } from "@devicekeeper/server/admin/reset-authenticators";
import { setUserDisabled, signOutEverywhere } from "@devicekeeper/server/admin/manage-user";
import { untrustDevice } from "@devicekeeper/server/devices/untrust-device";
import { invalidateDevice } from "@devicekeeper/server/devices/invalidate-device";
import { deleteDevice } from "@devicekeeper/server/devices/delete-device";
import { markDeviceLost } from "@devicekeeper/server/devices/mark-device-lost";
import { lostDeviceMessage } from "@/lib/lost-device";
import { appsSignedOutToo } from "@/lib/devices";
import { revokeSession } from "@devicekeeper/server/sessions/revoke-session";
import { setSessionLimit } from "@devicekeeper/server/admin/set-session-limit";
import { MAX_SESSION_LIMIT } from "@devicekeeper/server/sessions/session-limit";
import { revokeApiToken } from "@devicekeeper/server/api-tokens/revoke-api-token";
import { removeAppAccess } from "@devicekeeper/server/oidc/connected-apps";
import { issueTemporaryAccessCode } from "@devicekeeper/server/admin/issue-temporary-access-code";
import { endTemporaryAccessCode } from "@devicekeeper/server/admin/end-temporary-access-code";

// One action per admin operation: ADMIN role and a recent password (access "admin"), validated
// ids, and an operation in server/admin or server/devices that checks the role again and audits
// with the admin as actor. The admin's own session is never the target's: none signs the admin out.

const sessions = (n: number) => `${n} ${n === 1 ? "session" : "sessions"} ended`;
const tokens = (n: number) => (n ? `, ${n} API ${n === 1 ? "token" : "tokens"} revoked` : "");

const user = z.object({ userId: z.uuid({ error: "Invalid user id" }) });
const item = (what: string) => user.extend({ id: z.uuid({ error: `Invalid ${what} id` }) });
/** The admin acts on someone else's things: no current session of theirs is involved. */
const asAdmin = <A extends { sessionId?: string }>(actor: A) => ({ ...actor, sessionId: undefined });

export const resetOathAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => ({
    message: `Authenticator apps reset (${(await resetOath({ actor, userId })).removed} removed).`,
  }),
});

const phonesRemoved = (n: number) => `Push sign-in approvals reset (${n} ${n === 1 ? "phone" : "phones"} removed).`;

export const resetPushAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => ({
    message: phonesRemoved((await resetPush({ actor, userId })).removed),
  }),
});

export const revokeRecoveryCodesAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => ({
    message: `Recovery codes revoked (${(await revokeRecoveryCodes({ actor, userId })).removed}).`,
  }),
});

/** The code comes back this once, for the administrator to hand over; only its hash is kept. */
export const issueTemporaryAccessCodeAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => {
    const { code, expiresAt, replaced } = await issueTemporaryAccessCode({ actor, userId });
    return {
      message: replaced ? "Temporary access code issued; the earlier one no longer works." : "Temporary access code issued.",
      code,
      expiresAt: expiresAt.toISOString(),
    };
  },
});

export const endTemporaryAccessCodeAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => ({
    message: (await endTemporaryAccessCode({ actor, userId })).ended
      ? "Temporary access code ended: it no longer works."
      : "There was no temporary access code to end.",
  }),
});

export const signOutEverywhereAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => {
    const r = await signOutEverywhere({ actor, userId });
    return { message: `Signed out everywhere — ${sessions(r.sessionsEnded)}${tokens(r.tokensRevoked)}.${appsSignedOutToo(r.apps)}` };
  },
});

export const disableUserAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => {
    const r = await setUserDisabled({ actor, userId, disabled: true });
    return { message: `User disabled — ${sessions(r.sessionsEnded)}${tokens(r.tokensRevoked)}.${appsSignedOutToo(r.apps)}` };
  },
});

export const enableUserAction = defineAction({
  access: "admin",
  input: user,
  run: async ({ userId }, { actor }) => {
    await setUserDisabled({ actor, userId, disabled: false });
    return { message: "User enabled." };
  },
});

export const deletePasskeyAction = defineAction({
  access: "admin",
  input: item("passkey"),
  run: async ({ userId, id }, { actor }) => {
    const { name } = await deleteUserAuthenticator({ actor, userId, authenticatorId: id, kind: "WEBAUTHN" });
    return { message: `Passkey “${name}” deleted.` };
  },
});

export const deleteBoundDeviceAction = defineAction({
  access: "admin",
  input: item("bound device"),
  run: async ({ userId, id }, { actor }) => {
    const { name } = await deleteUserAuthenticator({ actor, userId, authenticatorId: id, kind: "BINDING" });
    return { message: `Bound device “${name}” deleted.` };
  },
});

export const adminUntrustDeviceAction = defineAction({
  access: "admin",
  input: item("device"),
  run: async ({ userId, id }, { actor }) => {
    const r = await untrustDevice({ actor: asAdmin(actor), userId, deviceId: id });
    return { message: `Device signed out — ${sessions(r.sessionsEnded)}.${appsSignedOutToo(r.apps)}` };
  },
});

export const adminInvalidateDeviceAction = defineAction({
  access: "admin",
  input: item("device"),
  run: async ({ userId, id }, { actor }) => {
    const r = await invalidateDevice({ actor: asAdmin(actor), userId, deviceId: id });
    return { message: `Device signed out; its next sign-in counts as new — ${sessions(r.sessionsEnded)}.${appsSignedOutToo(r.apps)}` };
  },
});

export const adminDeleteDeviceAction = defineAction({
  access: "admin",
  input: item("device"),
  run: async ({ userId, id }, { actor }) => {
    const r = await deleteDevice({ actor: asAdmin(actor), userId, deviceId: id });
    return { message: `Device removed — ${sessions(r.sessionsEnded)}.${appsSignedOutToo(r.apps)}` };
  },
});

export const adminMarkDeviceLostAction = defineAction({
  access: "admin",
  input: item("device"),
  run: async ({ userId, id }, { actor }) => ({
    message: lostDeviceMessage(await markDeviceLost({ actor: asAdmin(actor), userId, deviceId: id })),
  }),
});

export const adminRevokeSessionAction = defineAction({
  access: "admin",
  input: item("session"),
  run: async ({ userId, id }, { actor }) => {
    const r = await revokeSession({ actor: asAdmin(actor), userId, sessionId: id });
    return { message: `Session signed out.${appsSignedOutToo(r.apps)}` };
  },
});

export const setSessionLimitAction = defineAction({
  access: "admin",
  input: user.extend({
    maxSessions: z
      .union([z.literal("").transform(() => null), z.coerce.number().int().min(1).max(MAX_SESSION_LIMIT)], {
        error: `Enter a whole number from 1 to ${MAX_SESSION_LIMIT}, or leave it empty for no limit`,
      })
      .nullable(),
  }),
  run: async ({ userId, maxSessions }, { actor }) => {
    const r = await setSessionLimit({ actor, userId, maxSessions });
    if (!r.changed) return { message: "The session limit was already that." };
    const limit =
      maxSessions === null ? "Session limit removed" : `Limited to ${maxSessions} ${maxSessions === 1 ? "session" : "sessions"} at once`;
    return { message: `${limit}${r.sessionsEnded ? ` — ${sessions(r.sessionsEnded)}` : ""}.` };
  },
});

/** One personal access token of the user, revoked by an administrator (audited in the user's history). */
export const adminRevokeUserTokenAction = defineAction({
  access: "admin",
  input: item("token"),
  run: async ({ userId, id }, { actor }) => {
    const { name } = await revokeApiToken({ actor, kind: "PERSONAL", tokenId: id, ownerId: userId });
    return { message: `Token “${name}” revoked.` };
  },
  revalidate: "/admin/users",
});

export const adminRemoveAppAccessAction = defineAction({
  access: "admin",
  input: user.extend({ clientId: z.string().min(1).max(200) }),
  invalidInput: "App not found",
  run: async ({ userId, clientId }, { actor }) => {
    await removeAppAccess({ actor: asAdmin(actor), userId, clientId });
    return { message: "Access removed. The app was signed out on every device." };
  },
});
