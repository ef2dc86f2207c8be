import "server-only";
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { ApiFamily } from "@/server/api/api-error";
import { REASONS } from "@/server/api/api-error";
import { MAX_JSON_BYTES } from "@/server/api/read-json";
import * as S from "@/lib/api/schemas";
import { refreshPushSchema, registerBindingSchema, registerPushSchema } from "@/lib/validation/mobile-authenticators";

/*
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas in lib/api/schemas.ts
 * (the ones the routes build and validate with). Served at GET /api/v1/openapi.json and rendered
 * at /docs/api. Every status a route can answer is listed, with its family's error body.
 */

const ERROR_SCHEMA: Record<ApiFamily, z.ZodType> = {
  settings: S.SettingsMessage,
  flashback: S.FlashbackError,
  authsignal: S.AuthsignalError,
  ping: S.PingError,
};

const ERROR_WHEN: Record<number, string> = {
  400: "Malformed request: bad query parameter, body that is not valid JSON, path that is not valid percent-encoding.",
  401: "Missing, malformed, invalid, expired or revoked credentials (with WWW-Authenticate).",
  403: "Valid credentials that do not grant this route.",
  404: "No such user, device or item — or not one of the caller's (a malformed id is the same).",
  405: "Method not allowed (see Allow).",
  413: `Body larger than ${MAX_JSON_BYTES} bytes.`,
  414: "Path longer than 2048 characters, or a segment longer than 255.",
  415: "A body that is not declared as application/json.",
  500: "Unexpected failure; logged server-side, never a stack trace.",
};

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

function errors(family: ApiFamily, statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: `${REASONS[s]}. ${ERROR_WHEN[s] ?? ""}`.trim(), content: json(ERROR_SCHEMA[family]) }]),
  );
}

/** Every route answers these (path, auth, method, unexpected failure); bodies on POST/DELETE add 413/415. */
const COMMON = [400, 401, 403, 405, 414, 500];
const WITH_BODY = [413, 415];

const userId = z.uuid().meta({ param: { name: "userId", in: "path", description: "The ID of the user." } });
const deviceId = z.uuid().meta({ param: { name: "deviceId", in: "path", description: "The ID of the device." } });
const emptyBody = {
  description: "Optional. Clients may send no body, `{}` or `[]`; if there is one it must be JSON.",
  required: false,
  content: json(z.union([z.object({}), z.array(z.unknown()).max(0)])),
};

type Security = Record<string, string[]>[];
const SELF: Security = [{ bearerAuth: [] }, { sessionCookie: [] }];
const USER: Security = [{ bearerAuth: [] }];
const SERVER: Security = [{ basicAuth: [] }];
const ADMIN: Security = [{ bearerAuth: [] }, { basicAuth: [] }];

const routes: RouteConfig[] = [
  {
    method: "get", path: "/settings/devices", operationId: "listSettingsDevices", tags: ["Settings API: /settings/devices"], security: SELF,
    summary: "List my devices",
    description: "The caller's devices, most recently active first. Personal access token, or the dashboard's session cookie (GET only).",
    responses: { 200: { description: "The devices.", content: json(S.SettingsDeviceList) }, ...errors("settings", COMMON) },
  },
  {
    method: "delete", path: "/settings/devices/{deviceId}", operationId: "removeSettingsDevice", tags: ["Settings API: /settings/devices"], security: USER,
    summary: "Remove a device",
    description: "The device disappears from the list and every session on it ends at once. A second call answers 404.",
    request: { params: z.object({ deviceId }), body: emptyBody },
    responses: {
      200: { description: "Removed.", content: { "application/json": { schema: S.SettingsMessage, example: { message: "Device successfully removed" } } } },
      ...errors("settings", [...COMMON, 404, ...WITH_BODY]),
    },
  },
  {
    method: "post", path: "/devices/{id}/untrust", operationId: "untrustDevice", tags: ["Flashback-compatible: untrust"], security: USER,
    summary: "Untrust device",
    description: "Remove trust from a device. This revokes all its active sessions and requires re-authentication for future access.",
    request: { params: z.object({ id: z.uuid().meta({ param: { name: "id", in: "path", description: "Device identifier" } }) }), body: emptyBody },
    responses: {
      200: { description: "Device untrusted successfully", content: json(S.FlashbackSuccess) },
      ...errors("flashback", [...COMMON, 404, ...WITH_BODY]),
    },
  },
  {
    method: "get", path: "/users/{userId}/devices", operationId: "getDevices", tags: ["Authsignal-compatible server API"], security: SERVER,
    summary: "Get devices", description: "A user's devices (not removed), oldest first.",
    request: { params: z.object({ userId }) },
    responses: { 200: { description: "OK", content: json(S.UserDeviceList) }, ...errors("authsignal", [...COMMON, 404]) },
  },
  {
    method: "post", path: "/users/{userId}/devices/{deviceId}/invalidate", operationId: "invalidateDevice", tags: ["Authsignal-compatible server API"], security: SERVER,
    summary: "Invalidate device",
    description: "Invalidate a user's device, treating it as if it were a new device on subsequent actions. Its sessions end at once.",
    request: { params: z.object({ userId, deviceId }), body: emptyBody },
    responses: { 200: { description: "OK", content: json(S.UserDevice) }, ...errors("authsignal", [...COMMON, 404, ...WITH_BODY]) },
  },
];

for (const kind of ["oath", "push"] as const) {
  routes.push({
    method: "post", path: `/users/{userId}/devices/2fa/${kind}`, operationId: `reset${kind === "oath" ? "Oath" : "Push"}Devices`, tags: ["Ping Identity-compatible 2FA devices"],
    security: ADMIN, summary: `Reset ${kind === "oath" ? "OATH" : "push"} devices`,
    description: kind === "oath"
      ? "Deletes the user's OATH (authenticator app) device profiles and sets the skip option back to Not Set."
      : "Deletes the user's push device profiles.",
    request: { params: z.object({ userId }), query: S.PingActionQuery, body: emptyBody },
    responses: { 200: { description: "Reset.", content: json(S.PingActionResult) }, ...errors("ping", [...COMMON, 404, ...WITH_BODY]) },
  });
}
for (const kind of ["webauthn", "binding"] as const) {
  const label = kind === "webauthn" ? "WebAuthn devices" : "bound devices";
  routes.push(
    {
      method: "get", path: `/users/{userId}/devices/2fa/${kind}`, operationId: `list${kind === "webauthn" ? "WebAuthn" : "Bound"}Devices`,
      tags: ["Ping Identity-compatible 2FA devices"], security: ADMIN, summary: `List ${label}`,
      request: { params: z.object({ userId }), query: S.PingQueryFilter },
      responses: {
        200: { description: "The user's devices.", content: json(kind === "webauthn" ? S.PingWebAuthnQuery : S.PingBoundQuery) },
        ...errors("ping", [...COMMON, 404]),
      },
    },
    {
      method: "post", path: `/users/{userId}/devices/2fa/${kind}`, operationId: `reset${kind === "webauthn" ? "WebAuthn" : "Bound"}Devices`,
      tags: ["Ping Identity-compatible 2FA devices"], security: ADMIN, summary: `Reset ${label} (not implemented)`,
      description: `The reset action isn't implemented on the ${kind} endpoint: always 400. Delete devices one by one.`,
      request: { params: z.object({ userId }), body: emptyBody },
      responses: errors("ping", [...COMMON, 404, ...WITH_BODY]),
    },
    {
      method: "delete", path: `/users/{userId}/devices/2fa/${kind}/{uuid}`, operationId: `delete${kind === "webauthn" ? "WebAuthn" : "Bound"}Device`,
      tags: ["Ping Identity-compatible 2FA devices"], security: ADMIN, summary: `Delete one of the ${label}`,
      description: "Answers the deleted item. Unlike Ping, no recovery codes or key material are returned."
        + (kind === "binding" ? " Deleting a bound device on the server doesn't remove the private keys from the device." : ""),
      request: { params: z.object({ userId, uuid: z.uuid().meta({ param: { name: "uuid", in: "path", description: "The item's uuid from the list." } }) }), body: emptyBody },
      responses: {
        200: { description: "The deleted item.", content: json(kind === "webauthn" ? S.PingDeletedWebAuthn : S.PingDeletedBinding) },
        ...errors("ping", [...COMMON, 404, ...WITH_BODY]),
      },
    },
  );
}
routes.push({
  method: "post", path: "/push/sns/message", operationId: "refreshPushDeviceId", tags: ["Ping Identity-compatible 2FA devices"], security: [],
  summary: "Refresh a push device id",
  description: "Sent by the authenticator app when its platform issues a new device id; authenticated by the JWT in the body (signed with the mechanism's secret).",
  request: {
    query: z.object({ _action: z.literal("refresh") }),
    body: { required: true, content: json(refreshPushSchema) },
  },
  responses: { 200: { description: "Refreshed.", content: json(S.PingActionResult) }, ...errors("ping", [400, 401, 404, 405, 413, 414, 415, 500]) },
});

for (const kind of ["push", "binding"] as const) {
  routes.push({
    method: "post", path: `/mfa/${kind}`, operationId: kind === "push" ? "registerPushAuthenticator" : "registerBoundDevice", tags: ["Mobile authenticators"],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    summary: kind === "push" ? "Register for push sign-in approvals" : "Bind a device key pair",
    description: kind === "push"
      ? "Called by a mobile authenticator app as the user (their personal access token, or a signed-in session). The push token is stored encrypted."
      : "Called by a mobile authenticator app as the user. Only the public key is sent; the private key stays on the device.",
    request: { body: { required: true, content: json(kind === "push" ? registerPushSchema : registerBindingSchema) } },
    responses: { 201: { description: "Registered.", content: json(S.RegisteredMechanism) }, ...errors("authsignal", [...COMMON, ...WITH_BODY]) },
  });
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | null = null;

export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http", scheme: "bearer",
    description: "A personal access token (`pat_…`, created at /settings/tokens), or — on the admin routes — a server key (`sk_…`).",
  });
  registry.registerComponent("securitySchemes", "basicAuth", {
    type: "http", scheme: "basic",
    description: "A server secret key (`sk_…`, created by an admin at /admin/api-keys) as the username, and an empty password.",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey", in: "cookie", name: "dk.session",
    description: "The dashboard's own session, same-origin only: for GET /settings/devices and the mobile registration routes.",
  });
  for (const route of routes) registry.registerPath(route);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Devicekeeper REST API",
      version: "1.0.0",
      description:
        "Device and MFA-device management in the shapes of four published APIs, so existing clients work by changing only their base URL: " +
        "a plain `/settings/devices` API, Flashback's `/devices/{id}/untrust`, Authsignal's server API (`/users/{userId}/devices`) and " +
        "Ping Identity AIC's `/users/{id}/devices/2fa/…`. Set the base URL to `https://<host>/api/v1`. Ping clients may " +
        "also keep Ping's own path: `https://<host>/am/json/realms/root/realms/{realm}/users/{userId}/devices/2fa/…` (the realm and " +
        "`Accept-API-Version` are accepted and ignored). Each family answers errors in its own documented shape.",
    },
    servers: [{ url: "/api/v1" }],
  });
  return cached;
}
