import "server-only";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { notFound } from "@/server/errors";

export const userDeviceSelect = {
  id: true,
  userId: true,
  createdAt: true,
  authenticatedAt: true,
  invalidatedAt: true,
  rememberedUntil: true,
  lastVerificationMethod: true,
} as const;

/** Authsignal: a user's devices (not deleted), oldest first, for an administrator or a server key. */
export async function listUserDevices({ actor, userId }: { actor: Actor; userId: string }) {
  assertAdmin(actor);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { devices: { where: { deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: userDeviceSelect } },
  });
  if (!user) throw notFound("User");
  return user.devices;
}

/** A WebAuthn credential or bound device as Ping's items are made from it (server/api/dto.ts); no key material. */
export type UserAuthenticatorItem = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  credentialId: string | null;
  platformDeviceId: string | null;
  signCount: number | null;
};

/** Ping Identity AIC: a user's WebAuthn credentials or bound devices, oldest first. */
export async function listUserAuthenticators({
  actor,
  userId,
  kind,
}: {
  actor: Actor;
  userId: string;
  kind: "WEBAUTHN" | "BINDING";
}): Promise<UserAuthenticatorItem[]> {
  assertAdmin(actor);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      authenticators: {
        where: { kind },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, name: true, createdAt: true, lastUsedAt: true, credentialId: true, platformDeviceId: true, signCount: true },
      },
    },
  });
  if (!user) throw notFound("User");
  return user.authenticators;
}
