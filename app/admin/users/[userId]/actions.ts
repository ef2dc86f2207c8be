"use server";

import { z } from "zod";
import { runAdminAction, type AdminActionResult } from "@/server/admin/run-admin-action";
import { resetOath, resetPush, deleteUserAuthenticator, revokeRecoveryCodes } from "@/server/admin/reset-authenticators";
import { setUserDisabled, signOutEverywhere } from "@/server/admin/manage-user";
import { untrustDevice } from "@/server/devices/untrust-device";
import { invalidateDevice } from "@/server/devices/invalidate-device";
import { deleteDevice } from "@/server/devices/delete-device";
import { revokeSession } from "@/server/sessions/revoke-session";

// Every admin action: ADMIN role + a fresh password check (runAdminAction), validated ids, one
// operation in server/admin or server/devices that checks again and audits with the admin as actor.

const sessions = (n: number) => `${n} ${n === 1 ? "session" : "sessions"} ended`;
const tokens = (n: number) => `${n} API ${n === 1 ? "token" : "tokens"} revoked`;

const userOp = z.object({
  userId: z.uuid({ error: "Invalid user id" }),
  op: z.enum(["reset-oath", "reset-push", "revoke-recovery-codes", "sign-out-everywhere", "disable", "enable"]),
  password: z.string().max(1024).optional(),
});

export async function adminUserAction(input: unknown): Promise<AdminActionResult<{ message: string }>> {
  const parsed = userOp.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const { userId, op, password } = parsed.data;
  return runAdminAction(password, async ({ actor }) => {
    const t = { actor, userId };
    switch (op) {
      case "reset-oath":
        return { message: `Authenticator apps reset (${(await resetOath(t)).removed} removed).` };
      case "reset-push":
        return { message: `Push authenticators reset (${(await resetPush(t)).removed} removed).` };
      case "revoke-recovery-codes":
        return { message: `Recovery codes revoked (${(await revokeRecoveryCodes(t)).removed}).` };
      case "sign-out-everywhere": {
        const r = await signOutEverywhere(t);
        return { message: `Signed out everywhere — ${sessions(r.sessionsEnded)}${r.tokensRevoked ? `, ${tokens(r.tokensRevoked)}` : ""}.` };
      }
      case "disable": {
        const r = await setUserDisabled({ ...t, disabled: true });
        return { message: `User disabled — ${sessions(r.sessionsEnded)}${r.tokensRevoked ? `, ${tokens(r.tokensRevoked)}` : ""}.` };
      }
      case "enable":
        await setUserDisabled({ ...t, disabled: false });
        return { message: "User enabled." };
    }
  });
}

const itemOp = z.object({
  userId: z.uuid({ error: "Invalid user id" }),
  id: z.uuid({ error: "Invalid id" }),
  op: z.enum(["delete-webauthn", "delete-binding", "untrust", "invalidate", "delete-device", "revoke-session"]),
  password: z.string().max(1024).optional(),
});

export async function adminItemAction(input: unknown): Promise<AdminActionResult<{ message: string }>> {
  const parsed = itemOp.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const { userId, id, op, password } = parsed.data;
  return runAdminAction(password, async ({ actor }) => {
    // The admin's own session is not the target's: these never sign the admin out.
    const admin = { ...actor, sessionId: undefined };
    switch (op) {
      case "delete-webauthn":
        return { message: `Passkey “${(await deleteUserAuthenticator({ actor, userId, authenticatorId: id, kind: "WEBAUTHN" })).name}” deleted.` };
      case "delete-binding":
        return { message: `Bound device “${(await deleteUserAuthenticator({ actor, userId, authenticatorId: id, kind: "BINDING" })).name}” deleted.` };
      case "untrust":
        return { message: `Device untrusted — ${sessions((await untrustDevice({ actor: admin, userId, deviceId: id })).sessionsEnded)}.` };
      case "invalidate":
        return { message: `Device invalidated — ${sessions((await invalidateDevice({ actor: admin, userId, deviceId: id })).sessionsEnded)}.` };
      case "delete-device":
        return { message: `Device deleted — ${sessions((await deleteDevice({ actor: admin, userId, deviceId: id })).sessionsEnded)}.` };
      case "revoke-session":
        await revokeSession({ actor: admin, userId, sessionId: id });
        return { message: "Session signed out." };
    }
  });
}
