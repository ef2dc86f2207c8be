import "server-only";
import { z } from "zod";
import { apiError, apiJson } from "@/server/api/http";
import { defineRoute, type AnyRoute } from "@/server/api/route";
import { pagedResult, toPingBinding, toPingDeletedBinding, toPingDeletedWebAuthn, toPingWebAuthn } from "@/server/api/dto";
import { listUserAuthenticators } from "@/server/admin/list-user-devices";
import { deleteUserAuthenticator, resetOath, resetPush } from "@/server/admin/reset-authenticators";
import { refreshPushDeviceId } from "@/server/mfa/refresh-push-device-id";
import { answerSignInPush } from "@/server/mfa/push-sign-in";
import { AppError } from "@/server/errors";
import * as S from "@/lib/api/schemas";
import { pushMessageSchema } from "@/lib/validation/mobile-authenticators";

/*
 * Ping Identity AIC's device API, for an administrator's personal access token or a server key,
 * under /api/v1/users/{userId}/devices/2fa/… — and, unchanged, under Ping's own
 * /am/json/realms/…/ paths (the registry derives that alias from these routes).
 */
const tags = ["Ping Identity-compatible 2FA devices"];
const security = [{ bearerAuth: [] }, { basicAuth: [] }];
const base = "/api/v1/users/{userId}/devices/2fa";
const userId = "The ID of the user.";
const ADMIN_ON_USER = { family: "ping", audience: "admin", params: { userId: "User" } } as const;

const reset = (kind: "oath" | "push") =>
  defineRoute({
    ...ADMIN_ON_USER,
    method: "POST",
    path: `${base}/${kind}`,
    query: S.PingActionQuery,
    failure: `The ${kind} devices could not be reset.`,
    doc: {
      operationId: `reset${kind === "oath" ? "Oath" : "Push"}Devices`,
      tags,
      security,
      summary: `Reset ${kind === "oath" ? "OATH" : "push"} devices`,
      description:
        kind === "oath"
          ? "Deletes the user's OATH (authenticator app) device profiles and sets the skip option back to Not Set."
          : "Deletes the user's push device profiles.",
      params: { userId },
      responses: { 200: { description: "Reset.", schema: S.PingActionResult } },
      errors: [404],
    },
    handle: async ({ actor, params }) => {
      await (kind === "oath" ? resetOath : resetPush)({ actor, userId: params.userId });
      return apiJson({ result: true });
    },
  });

const list = (kind: "webauthn" | "binding") =>
  defineRoute({
    ...ADMIN_ON_USER,
    method: "GET",
    path: `${base}/${kind}`,
    query: S.PingQueryFilter,
    failure: `The ${kind} devices could not be listed.`,
    doc: {
      operationId: `list${kind === "webauthn" ? "WebAuthn" : "Bound"}Devices`,
      tags,
      security,
      summary: `List ${kind === "webauthn" ? "WebAuthn devices" : "bound devices"}`,
      params: { userId },
      responses: { 200: { description: "The user's devices.", schema: kind === "webauthn" ? S.PingWebAuthnQuery : S.PingBoundQuery } },
      errors: [404],
    },
    handle: async ({ actor, params }) => {
      const rows = await listUserAuthenticators({ actor, userId: params.userId, kind: kind === "webauthn" ? "WEBAUTHN" : "BINDING" });
      return apiJson(kind === "webauthn" ? pagedResult(rows.map(toPingWebAuthn)) : pagedResult(rows.map(toPingBinding)));
    },
  });

/** `reset` is not implemented on webauthn and binding (as the seed says): a clear 400. */
const resetNotImplemented = (kind: "webauthn" | "binding") =>
  defineRoute({
    ...ADMIN_ON_USER,
    method: "POST",
    path: `${base}/${kind}`,
    failure: "The request failed.",
    doc: {
      operationId: `reset${kind === "webauthn" ? "WebAuthn" : "Bound"}Devices`,
      tags,
      security,
      summary: `Reset ${kind === "webauthn" ? "WebAuthn devices" : "bound devices"} (not implemented)`,
      description: `The reset action isn't implemented on the ${kind} endpoint: always 400. Delete devices one by one.`,
      params: { userId },
      responses: {},
      errors: [404],
    },
    handle: async ({ req }) => {
      const action = req.query.get("_action");
      return apiError(
        "ping",
        400,
        action === "reset"
          ? `The reset action isn't implemented on the ${kind} endpoint: list the devices and delete them one by one.`
          : `Unsupported _action ${JSON.stringify(action ?? "")} on the ${kind} endpoint.`,
      );
    },
  });

const remove = (kind: "webauthn" | "binding") =>
  defineRoute({
    ...ADMIN_ON_USER,
    method: "DELETE",
    path: `${base}/${kind}/{uuid}`,
    params: { userId: "User", uuid: kind === "webauthn" ? "WebAuthn device" : "Bound device" },
    failure: `The ${kind} device could not be deleted.`,
    doc: {
      operationId: `delete${kind === "webauthn" ? "WebAuthn" : "Bound"}Device`,
      tags,
      security,
      summary: `Delete one of the ${kind === "webauthn" ? "WebAuthn devices" : "bound devices"}`,
      description:
        "Answers the deleted item. Unlike Ping, no recovery codes or key material are returned." +
        (kind === "binding" ? " Deleting a bound device on the server doesn't remove the private keys from the device." : ""),
      params: { userId, uuid: "The item's uuid from the list." },
      responses: { 200: { description: "The deleted item.", schema: kind === "webauthn" ? S.PingDeletedWebAuthn : S.PingDeletedBinding } },
      errors: [404],
    },
    handle: async ({ actor, params }) => {
      const found = await deleteUserAuthenticator({
        actor,
        userId: params.userId,
        authenticatorId: params.uuid,
        kind: kind === "webauthn" ? "WEBAUTHN" : "BINDING",
      });
      return apiJson(kind === "webauthn" ? toPingDeletedWebAuthn(found) : toPingDeletedBinding(found));
    },
  });

/**
 * Ping Identity AIC: POST push/sns/message — from the authenticator app, authenticated by the JWT
 * in the body itself (signed with the mechanism's shared secret). `_action=refresh`: a new platform
 * device id. `_action=authenticate`: the answer to a sign-in push (server/mfa/push-sign-in.ts).
 */
const pushMessage = defineRoute({
  method: "POST",
  path: "/api/v1/push/sns/message",
  family: "ping",
  audience: "public",
  query: z.object({ _action: z.enum(["refresh", "authenticate"], { error: 'only "refresh" and "authenticate" are implemented' }) }),
  body: pushMessageSchema,
  failure: "The push message could not be handled.",
  doc: {
    operationId: "pushMessage",
    tags,
    security: [],
    summary: "Refresh a push device id, or answer a sign-in push",
    description:
      "Sent by the authenticator app, authenticated by the HS256 JWT in the body (signed with the mechanism's shared secret, with `exp`). " +
      "`_action=refresh` with `username`: the JWT carries the platform's new `deviceId`. " +
      "`_action=authenticate` with `messageId` (from the push): the JWT (with `iat`, at most 2 minutes old) carries `response` = base64url(HMAC-SHA256(secret, challenge)) for the push's `challenge`, and `deny: true` to refuse the sign-in. " +
      "A push can be answered once, within 2 minutes.",
    responses: { 200: { description: "Done.", schema: S.PingActionResult } },
    errors: [401, 404, 409],
  },
  handle: async ({ actor, body, query }) => {
    if (query._action === "refresh") {
      if (!body.username) throw new AppError("INVALID_INPUT", "username is required for _action=refresh");
      return apiJson(
        await refreshPushDeviceId({ mechanismUid: body.mechanismUid, username: body.username, jwt: body.jwt, context: actor.context }),
      );
    }
    if (!body.messageId) throw new AppError("INVALID_INPUT", "messageId is required for _action=authenticate");
    return apiJson(
      await answerSignInPush({ messageId: body.messageId, mechanismUid: body.mechanismUid, jwt: body.jwt, context: actor.context }),
    );
  },
});

export const ping2faRoutes: AnyRoute[] = [
  reset("oath"),
  reset("push"),
  list("webauthn"),
  resetNotImplemented("webauthn"),
  remove("webauthn"),
  list("binding"),
  resetNotImplemented("binding"),
  remove("binding"),
  pushMessage,
];
