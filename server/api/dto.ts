import "server-only";
import crypto from "node:crypto";
import { VERIFICATION_METHODS, type PingBoundDevice, type PingWebAuthnDevice, type UserDevice } from "@/lib/api/schemas";
import type { UserAuthenticatorItem } from "@/server/admin/list-user-devices";

type DeviceRow = {
  id: string;
  userId: string;
  createdAt: Date;
  authenticatedAt: Date | null;
  invalidatedAt: Date | null;
  rememberedUntil: Date | null;
  lastVerificationMethod: string | null;
};
const isSeedMethod = (m: string | null): m is UserDevice["lastVerificationMethod"] & string =>
  !!m && (VERIFICATION_METHODS as readonly string[]).includes(m);

/** Authsignal's UserDevice: ISO dates, absent fields omitted, only the seed's verification methods. */
export function toUserDevice(d: DeviceRow): UserDevice {
  return {
    userId: d.userId,
    deviceId: d.id,
    createdAt: d.createdAt.toISOString(),
    ...(d.authenticatedAt && { authenticatedAt: d.authenticatedAt.toISOString() }),
    ...(d.invalidatedAt && { invalidatedAt: d.invalidatedAt.toISOString() }),
    ...(d.rememberedUntil && { rememberedUntil: d.rememberedUntil.toISOString() }),
    ...(isSeedMethod(d.lastVerificationMethod) && { lastVerificationMethod: d.lastVerificationMethod }),
  };
}

/** Ping's `_rev`: changes whenever the item does (a use or a sign count). */
const revision = (a: UserAuthenticatorItem) =>
  String(
    crypto
      .createHash("sha256")
      .update(`${a.id}|${a.lastUsedAt?.getTime() ?? 0}|${a.signCount ?? 0}`)
      .digest()
      .readUInt32BE(0),
  );

/** Ping Identity AIC's item, its keys in the order the seed lists them. */
function pingItem<Id extends { credentialId: string } | { deviceId: string }>(a: UserAuthenticatorItem, id: Id) {
  return {
    _id: a.id,
    _rev: revision(a),
    createdDate: a.createdAt.getTime(),
    lastAccessDate: (a.lastUsedAt ?? a.createdAt).getTime(),
    ...id,
    deviceName: a.name,
    uuid: a.id,
    deviceManagementStatus: false,
  };
}

export const toPingWebAuthn = (a: UserAuthenticatorItem): PingWebAuthnDevice => pingItem(a, { credentialId: a.credentialId ?? "" });
export const toPingBinding = (a: UserAuthenticatorItem): PingBoundDevice => pingItem(a, { deviceId: a.platformDeviceId ?? "" });

export const pagedResult = <T>(result: T[]) => ({
  result,
  resultCount: result.length,
  pagedResultsCookie: null,
  totalPagedResultsPolicy: "NONE" as const,
  totalPagedResults: -1 as const,
  remainingPagedResults: -1 as const,
});
