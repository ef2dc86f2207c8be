import "server-only";
import { db } from "@/server/db";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { notFound } from "@/server/errors";
import { assertAdmin } from "@/server/admin/assert-admin";
import { authenticatorIdSchema } from "@/lib/security";

type Target = { actor: Actor; userId: string };

async function requireUser(tx: Parameters<Parameters<typeof db.$transaction>[0]>[0], userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw notFound("User");
}

/** Seed 002 "Reset OATH": delete every authenticator app of the user and set the skip option back to Not Set. */
export async function resetOath({ actor, userId }: Target) {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    await requireUser(tx, userId);
    const { count } = await tx.authenticator.deleteMany({ where: { userId, kind: "TOTP" } });
    await tx.user.update({ where: { id: userId }, data: { mfaSkip: "NOT_SET" } });
    await recordEvent(tx, { actorId: actor.userId, userId, type: "ADMIN_RESET_OATH", context: actor.context, detail: { removed: count } });
    return { result: true as const, removed: count };
  });
}

/** Seed 002 "Reset push": delete every push authenticator of the user. */
export async function resetPush({ actor, userId }: Target) {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    await requireUser(tx, userId);
    const { count } = await tx.authenticator.deleteMany({ where: { userId, kind: "PUSH" } });
    await recordEvent(tx, { actorId: actor.userId, userId, type: "ADMIN_RESET_PUSH", context: actor.context, detail: { removed: count } });
    return { result: true as const, removed: count };
  });
}

/**
 * Seed 002: delete one WebAuthn credential or one bound device of the user. (Deleting a bound
 * device on the server does not remove the keys stored on the device.)
 */
export async function deleteUserAuthenticator({ actor, userId, authenticatorId, kind }: Target & { authenticatorId: string; kind: "WEBAUTHN" | "BINDING" }) {
  assertAdmin(actor);
  if (!authenticatorIdSchema.safeParse(authenticatorId).success) throw notFound(kind === "WEBAUTHN" ? "WebAuthn device" : "Bound device");
  return db.$transaction(async (tx) => {
    const found = await tx.authenticator.findFirst({ where: { id: authenticatorId, userId, kind } });
    if (!found) throw notFound(kind === "WEBAUTHN" ? "WebAuthn device" : "Bound device");
    await tx.authenticator.delete({ where: { id: found.id } });
    await recordEvent(tx, {
      actorId: actor.userId, userId, deviceId: found.deviceId, type: kind === "WEBAUTHN" ? "ADMIN_DELETED_WEBAUTHN" : "ADMIN_DELETED_BINDING", context: actor.context,
      detail: { name: found.name },
    });
    return found;
  });
}

/** The user's recovery codes stop working (regenerating them is the user's own action). */
export async function revokeRecoveryCodes({ actor, userId }: Target) {
  assertAdmin(actor);
  return db.$transaction(async (tx) => {
    await requireUser(tx, userId);
    const { count } = await tx.recoveryCode.deleteMany({ where: { userId } });
    await recordEvent(tx, { actorId: actor.userId, userId, type: "ADMIN_REVOKED_RECOVERY_CODES", context: actor.context, detail: { removed: count } });
    return { removed: count };
  });
}
