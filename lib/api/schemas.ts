import { z } from "zod";
import { appInputSchema } from "@/lib/validation/apps";

/*
 * The REST API's bodies, one zod schema each. Routes build their responses as these types, the
 * OpenAPI document (server/api/openapi.ts) is generated from them, and the contract tests check
 * live responses against that document. Names ending in the seed's own name (UserDevice,
 * VerificationMethod) follow the seed documents literally.
 */

const isoDate = (description: string) => z.string().meta({ format: "date-time", description });

// ── The plain /settings/devices API ─────────────────────────────────────────────────────────
export const SettingsDevice = z
  .object({
    deviceId: z.uuid().meta({ description: "The device's id: pass it to DELETE /settings/devices/{deviceId}." }),
    name: z.string(),
    type: z.enum(["desktop", "mobile", "tablet", "unknown"]),
    os: z.string().nullable(),
    browser: z.string().nullable(),
    lastIp: z.string().nullable(),
    location: z
      .string()
      .nullable()
      .meta({ description: 'Roughly where lastIp is ("Berlin, Germany"), from an offline database (DB-IP Lite); null when unknown.' }),
    createdAt: isoDate("First seen."),
    lastSeenAt: isoDate("Last request from it.").nullable(),
    trusted: z.boolean().meta({ description: "Trusted or remembered (skips the second step while remembered)." }),
    activeSessions: z.int().min(0),
    current: z.boolean().meta({ description: "The device making this request (dashboard session only)." }),
  })
  .meta({ id: "SettingsDevice" });

export const SettingsDeviceList = z.object({ devices: z.array(SettingsDevice) }).meta({ id: "SettingsDeviceList" });
export const SettingsMessage = z.object({ message: z.string() }).meta({
  id: "SettingsMessage",
  description: "Success and error bodies of /settings/devices.",
  example: { message: "Device successfully removed" },
});

// ── Flashback: /devices/{id}/untrust ────────────────────────────────────────────────────────
export const FlashbackSuccess = z
  .object({ success: z.literal(true), message: z.string() })
  .meta({ id: "FlashbackSuccess", example: { success: true, message: "Device untrusted successfully" } });
export const FlashbackError = z
  .object({ success: z.literal(false), error: z.string() })
  .meta({ id: "FlashbackError", example: { success: false, error: "Device not found" } });

// ── Authsignal: server API ──────────────────────────────────────────────────────────────────
export const VERIFICATION_METHODS = [
  "SMS",
  "AUTHENTICATOR_APP",
  "EMAIL_MAGIC_LINK",
  "EMAIL_OTP",
  "PUSH",
  "DEVICE",
  "SECURITY_KEY",
  "PASSKEY",
  "VERIFF",
  "IPROOV",
  "PALM_BIOMETRICS_RR",
  "IDVERSE",
] as const;
export const VerificationMethod = z.enum(VERIFICATION_METHODS).meta({ id: "VerificationMethod" });

export const UserDevice = z
  .object({
    userId: z.string().meta({ description: "The ID of the user." }),
    deviceId: z.string().meta({ description: "The ID of the device." }),
    createdAt: isoDate("The time when the device was first created."),
    authenticatedAt: isoDate("The time when the device was last authenticated.").optional(),
    invalidatedAt: isoDate("The time when the device was invalidated.").optional(),
    rememberedUntil: isoDate("The time until which the device is remembered.").optional(),
    lastVerificationMethod: VerificationMethod.optional().meta({ description: "The verification method last used on this device." }),
  })
  .meta({ id: "UserDevice" });
export const UserDeviceList = z.array(UserDevice).meta({ id: "UserDeviceList" });
export const AuthsignalError = z
  .object({ error: z.string(), errorDescription: z.string().optional() })
  .meta({ id: "Error", example: { error: "not_found", errorDescription: "Device not found" } });

// ── Ping Identity AIC: /users/{id}/devices/2fa/… ────────────────────────────────────────────
export const PING_KINDS = ["oath", "push", "webauthn", "binding"] as const;

const pingDeviceBase = {
  _id: z.string(),
  _rev: z.string(),
  createdDate: z.int().meta({ description: "Milliseconds since the epoch." }),
  lastAccessDate: z.int().meta({ description: "Milliseconds since the epoch." }),
  deviceName: z.string(),
  uuid: z.string(),
  deviceManagementStatus: z.boolean(),
};
export const PingWebAuthnDevice = z.object({ ...pingDeviceBase, credentialId: z.string() }).meta({ id: "PingWebAuthnDevice" });
export const PingBoundDevice = z.object({ ...pingDeviceBase, deviceId: z.string() }).meta({ id: "PingBoundDevice" });
const pagedResults = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      result: z.array(item),
      resultCount: z.int(),
      pagedResultsCookie: z.null(),
      totalPagedResultsPolicy: z.literal("NONE"),
      totalPagedResults: z.literal(-1),
      remainingPagedResults: z.literal(-1),
    })
    .meta({ id });
export const PingWebAuthnQuery = pagedResults(PingWebAuthnDevice, "PingWebAuthnQueryResult");
export const PingBoundQuery = pagedResults(PingBoundDevice, "PingBoundDeviceQueryResult");
/** The deleted item, as the seed shows it. Ping also returns the device's recovery codes and key: Devicekeeper never sends key material. */
const deleted = { _rev: z.string().meta({ description: "A new revision: the item's deletion." }), signCount: z.int() };
export const PingDeletedWebAuthn = PingWebAuthnDevice.omit({ deviceManagementStatus: true })
  .extend({
    ...deleted,
    algorithm: z.string().optional().meta({
      description: "The credential's signature algorithm, by its Java name (`SHA256withECDSA`); absent if its key names none known.",
    }),
  })
  .meta({ id: "PingDeletedWebAuthnDevice" });
export const PingDeletedBinding = PingBoundDevice.omit({ deviceManagementStatus: true })
  .extend({ ...deleted, signCount: deleted.signCount.meta({ description: "Always 0: a bound device counts no signatures." }) })
  .meta({ id: "PingDeletedBoundDevice" });
export const PingActionResult = z.object({ result: z.literal(true) }).meta({ id: "PingActionResult", example: { result: true } });
export const PingError = z
  .object({ code: z.int(), reason: z.string(), message: z.string() })
  .meta({ id: "PingError", example: { code: 404, reason: "Not Found", message: "WebAuthn device not found" } });

/** POST /mfa/push and /mfa/binding (Devicekeeper's own): the mechanism, with its shared secret shown once. */
export const RegisteredMechanism = z
  .object({
    id: z.uuid(),
    mechanismUid: z.uuid().meta({ description: "Send it with refresh requests (Ping's mechanismUid)." }),
    sharedSecret: z.string().meta({ description: "HS256 key for the app's refresh JWTs. Returned once; stored encrypted." }),
    deviceName: z.string(),
    createdDate: isoDate("When it was registered."),
  })
  .meta({ id: "RegisteredMechanism" });

export const PingActionQuery = z.object({ _action: z.enum(["reset"], { error: "Only _action=reset is implemented" }) });
export const PingQueryFilter = z.object({
  _queryFilter: z.literal("true", { error: "Only _queryFilter=true is supported" }),
  _fields: z.string().optional(),
  _pageSize: z.string().optional(),
  _prettyPrint: z.string().optional(),
});

// ── Devicekeeper's own routes (health, the OpenAPI document, the dashboard's feeds) ───────────
export const DevicekeeperError = z
  .object({ error: z.string(), message: z.string() })
  .meta({ id: "DevicekeeperError", example: { error: "unauthorized", message: "Sign in first, or your session has ended." } });

export type SettingsDevice = z.infer<typeof SettingsDevice>;
export type UserDevice = z.infer<typeof UserDevice>;
export type PingWebAuthnDevice = z.infer<typeof PingWebAuthnDevice>;
export type PingBoundDevice = z.infer<typeof PingBoundDevice>;
export type PingDeletedWebAuthn = z.infer<typeof PingDeletedWebAuthn>;
export type PingDeletedBinding = z.infer<typeof PingDeletedBinding>;

// ── Webhook endpoints (Devicekeeper's own, for a server key) ────────────────────────────────
export const WebhookEndpoint = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()).meta({ description: 'Event types, families ("session.*") or "*".' }),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().meta({ description: "Why Devicekeeper turned it off (every delivery failed for 3 days)." }),
    failingSince: isoDate("Since when every delivery attempt has failed.").nullable(),
    previousSecretValidUntil: isoDate("Until when the secret before the last rotation also signs deliveries.").nullable(),
    createdAt: isoDate("When it was added."),
  })
  .meta({ id: "WebhookEndpoint" });
export const WebhookEndpointList = z.object({ webhooks: z.array(WebhookEndpoint) }).meta({ id: "WebhookEndpointList" });
export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().meta({ description: "The signing secret (Standard Webhooks, whsec_…). Shown once: store it now." }),
}).meta({ id: "CreatedWebhookEndpoint" });
export const WebhookDeleted = z.object({ deleted: z.literal(true) }).meta({ id: "WebhookDeleted" });

// ── Apps: the OpenID Provider's registered clients (Devicekeeper's own, for a server key) ───
// The names of OpenID Connect client registration (RFC 7591: client_id, redirect_uris …), so an
// app's registration reads the same here as in its OIDC library.
const appFields = appInputSchema.shape;
const APP_REGISTRATION_FIELDS = {
  name: appFields.name,
  confidential: appFields.confidential,
  redirect_uris: appFields.redirectUris,
  post_logout_redirect_uris: appFields.postLogoutRedirectUris,
  backchannel_logout_uri: appFields.backchannelLogoutUri,
  first_party: appFields.firstParty,
  scopes: appFields.scopes,
};
const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** A field this API does not have is refused, not ignored: a typo (or the dashboard's camelCase) would otherwise be dropped silently. */
function unknownAppField(keys: readonly string[]): string {
  const key = keys[0]!;
  const meant = snakeCase(key) !== key && snakeCase(key) in APP_REGISTRATION_FIELDS ? ` (did you mean ${snakeCase(key)}?)` : "";
  return `Unknown field ${key}${meant}. An app's fields are ${Object.keys(APP_REGISTRATION_FIELDS).join(", ")}.`;
}
export const AppRegistration = z
  .strictObject(APP_REGISTRATION_FIELDS, {
    error: (issue) => (issue.code === "unrecognized_keys" ? unknownAppField(issue.keys) : undefined),
  })
  .meta({ id: "AppRegistration" });
/** A field of a change: optional, and without the default registering applies; documented as registering documents it. */
const changeable = <T extends z.ZodType>(field: T | z.ZodDefault<T>, inner: T) => inner.optional().meta({ ...z.globalRegistry.get(field) });
/**
 * A change to an app (PATCH): any of its registration's fields, each replacing what is there; a
 * field left out keeps its value (no defaults apply, unlike registering).
 */
export const AppChange = z
  .strictObject(
    {
      name: changeable(appFields.name, appFields.name),
      confidential: changeable(appFields.confidential, appFields.confidential.removeDefault()),
      redirect_uris: changeable(appFields.redirectUris, appFields.redirectUris),
      post_logout_redirect_uris: changeable(appFields.postLogoutRedirectUris, appFields.postLogoutRedirectUris.removeDefault()),
      backchannel_logout_uri: changeable(appFields.backchannelLogoutUri, appFields.backchannelLogoutUri.removeDefault()),
      first_party: changeable(appFields.firstParty, appFields.firstParty.removeDefault()),
      scopes: changeable(appFields.scopes, appFields.scopes.removeDefault()),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? unknownAppField(issue.keys) : undefined) },
  )
  .refine((change) => Object.values(change).some((v) => v !== undefined), {
    error: `Send at least one field to change: ${Object.keys(APP_REGISTRATION_FIELDS).join(", ")}.`,
  })
  .meta({ id: "AppChange" });
export const App = z
  .object({
    id: z.string().meta({ description: "The app's id: pass it to GET and DELETE /apps/{appId}." }),
    client_id: z.string().meta({ description: "Its OAuth client_id (the same value as id)." }),
    name: z.string(),
    confidential: z.boolean().meta({ description: "true: it authenticates with a client secret; false: a public app (PKCE)." }),
    secret_prefix: z
      .string()
      .nullable()
      .meta({ description: 'The first characters of its client secret ("dks_AbCd"), to tell secrets apart; null for a public app.' }),
    redirect_uris: z.array(z.string()),
    post_logout_redirect_uris: z.array(z.string()),
    backchannel_logout_uri: z.string().nullable(),
    first_party: z.boolean().meta({ description: "Its users are not asked for consent." }),
    scopes: z.array(z.string()),
    enabled: z.boolean().meta({ description: "false: no one can sign in to it (an administrator disabled it)." }),
    created_at: isoDate("When it was registered."),
    sign_ins_30d: z.int().min(0).meta({ description: "Sign-ins through it in the last 30 days." }),
  })
  .meta({ id: "App" });
export const AppList = z.object({ apps: z.array(App) }).meta({ id: "AppList" });
export const CreatedApp = App.extend({
  client_secret: z
    .string()
    .nullable()
    .meta({ description: "Its client secret (dks_…), for a confidential app; null for a public one. Shown once: store it now." }),
}).meta({ id: "CreatedApp" });
export const ChangedApp = App.extend({
  client_secret: z
    .string()
    .nullable()
    .meta({ description: "A new client secret (dks_…) when this change made the app confidential, shown this once; otherwise null." }),
  sign_ins_ended: z.int().min(0).meta({
    description:
      "The sign-ins to it that were ended: a change between confidential and public signs everyone out of it (tokens revoked, back-channel logouts sent); otherwise 0.",
  }),
}).meta({ id: "ChangedApp" });
export const AppDeleted = z.object({ deleted: z.literal(true) }).meta({ id: "AppDeleted" });
export const RotatedAppSecret = z
  .object({
    client_id: z.string(),
    client_secret: z
      .string()
      .meta({ description: "The new client secret (dks_…). Shown once: store it now. The old one no longer works." }),
    secret_prefix: z.string().meta({ description: "Its first characters, as the app's registration shows them from now on." }),
  })
  .meta({ id: "RotatedAppSecret" });
export const AppSwitched = App.extend({
  changed: z.boolean().meta({ description: "false: it already was (a repeated call changes nothing)." }),
  sign_ins_ended: z
    .int()
    .min(0)
    .meta({ description: "Disabling: the sign-ins to it that were ended (their tokens revoked, back-channel logouts sent)." }),
}).meta({ id: "AppSwitched" });
export type App = z.infer<typeof App>;
