import "server-only";
import crypto from "node:crypto";
import type { z } from "zod";
import {
  VERIFICATION_METHODS,
  type App,
  type AppChange,
  type AppRegistration,
  type PingBoundDevice,
  type PingDeletedBinding,
  type PingDeletedWebAuthn,
  type PingWebAuthnDevice,
  type UserDevice,
} from "@/lib/api/schemas";
import type { UserAuthenticatorItem } from "@/server/admin/list-user-devices";
import type { DeletedAuthenticator } from "@/server/admin/reset-authenticators";
import type { AppData, AppSummary } from "@/lib/validation/apps";

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

/** Ping's `_rev`: changes whenever the item does (a use, a sign count, its deletion). */
const revision = (a: UserAuthenticatorItem, deleted = false) =>
  String(
    crypto
      .createHash("sha256")
      .update(`${a.id}|${a.lastUsedAt?.getTime() ?? 0}|${a.signCount ?? 0}${deleted ? "|deleted" : ""}`)
      .digest()
      .readUInt32BE(0),
  );

const dates = (a: UserAuthenticatorItem) => ({
  createdDate: a.createdAt.getTime(),
  lastAccessDate: (a.lastUsedAt ?? a.createdAt).getTime(),
});

/** Ping Identity AIC's item, its keys in the order the seed lists them. */
function pingItem<Id extends { credentialId: string } | { deviceId: string }>(a: UserAuthenticatorItem, id: Id) {
  return {
    _id: a.id,
    _rev: revision(a),
    ...dates(a),
    ...id,
    deviceName: a.name,
    uuid: a.id,
    deviceManagementStatus: false,
  };
}

export const toPingWebAuthn = (a: UserAuthenticatorItem): PingWebAuthnDevice => pingItem(a, { credentialId: a.credentialId ?? "" });
export const toPingBinding = (a: UserAuthenticatorItem): PingBoundDevice => pingItem(a, { deviceId: a.platformDeviceId ?? "" });

/** Ping's deleted item as the seed shows it (less its recoveryCodes and key): a new `_rev`, the sign count, in the seed's key order. */
function deletedPingItem<Id extends { credentialId: string; algorithm?: string } | { deviceId: string }>(a: DeletedAuthenticator, id: Id) {
  return {
    _id: a.id,
    _rev: revision(a, true),
    uuid: a.id,
    ...dates(a),
    ...id,
    deviceName: a.name,
    signCount: a.signCount ?? 0,
  };
}

export const toPingDeletedWebAuthn = (a: DeletedAuthenticator): PingDeletedWebAuthn =>
  deletedPingItem(a, { credentialId: a.credentialId ?? "", ...(a.algorithm && { algorithm: a.algorithm }) });
export const toPingDeletedBinding = (a: DeletedAuthenticator): PingDeletedBinding =>
  deletedPingItem(a, { deviceId: a.platformDeviceId ?? "" });

export const pagedResult = <T>(result: T[]) => ({
  result,
  resultCount: result.length,
  pagedResultsCookie: null,
  totalPagedResultsPolicy: "NONE" as const,
  totalPagedResults: -1 as const,
  remainingPagedResults: -1 as const,
});

/** An app as the API answers it: in OpenID Connect client registration's snake_case, never its secret. */
export const toApiApp = (a: AppSummary): App => ({
  id: a.id,
  client_id: a.clientId,
  name: a.name,
  confidential: a.confidential,
  secret_prefix: a.secretPrefix,
  redirect_uris: a.redirectUris,
  post_logout_redirect_uris: a.postLogoutRedirectUris,
  backchannel_logout_uri: a.backchannelLogoutUri,
  first_party: a.firstParty,
  scopes: a.scopes,
  enabled: a.enabled,
  created_at: a.createdAt,
  sign_ins_30d: a.signIns30d,
});

/** A registration as the API takes it, in the operations' (and the admin form's) names. */
/**
 * An app's fields as the API body names them (snake_case, as OpenID Connect client registration
 * does) to the admin form's names: a whole registration (POST), or a change (PATCH), where a field
 * the body left out stays undefined (unchanged).
 */
export function fromAppBody(r: z.output<typeof AppRegistration>): AppData;
export function fromAppBody(c: z.output<typeof AppChange>): Partial<AppData>;
export function fromAppBody(c: z.output<typeof AppChange>): Partial<AppData> {
  return {
    name: c.name,
    confidential: c.confidential,
    redirectUris: c.redirect_uris,
    postLogoutRedirectUris: c.post_logout_redirect_uris,
    backchannelLogoutUri: c.backchannel_logout_uri,
    firstParty: c.first_party,
    scopes: c.scopes,
  };
}
