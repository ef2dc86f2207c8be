import "server-only";
import { apiError, apiJson } from "@/server/api/api-error";
import { apiMethods, apiRoute, type RouteHandler } from "@/server/api/api-route";
import { pagedResult, toPingBinding, toPingWebAuthn } from "@/server/api/dto";
import { listUserAuthenticators } from "@/server/admin/list-user-devices";
import { deleteUserAuthenticator, resetOath, resetPush } from "@/server/admin/reset-authenticators";
import { PingActionQuery, PingQueryFilter } from "@/lib/api/schemas";

/*
 * Seed 002, for an administrator's personal access token or a server key, under
 * /users/{userId}/devices/2fa/ (and the Ping path /am/json/realms/…/users/{userId}/devices/2fa/).
 */

/** Every seed 002 route: Ping's error shape, an admin's token or a server key, a user id in the path. */
const ADMIN_ON_USER = { family: "ping", audience: "admin", params: { userId: "User" } } as const;

const reset = (kind: "oath" | "push") =>
  apiRoute({
    ...ADMIN_ON_USER,
    query: PingActionQuery,
    failure: `The ${kind} devices could not be reset.`,
    handle: async ({ actor, params }) => {
      await (kind === "oath" ? resetOath : resetPush)({ actor, userId: params.userId });
      return apiJson({ result: true });
    },
  });

/** `reset` is not implemented on webauthn and binding (as the seed says): a clear 400. */
const resetNotImplemented = (kind: "webauthn" | "binding"): RouteHandler =>
  apiRoute({
    ...ADMIN_ON_USER,
    failure: "The request failed.",
    handle: async ({ req }) => {
      const action = req.nextUrl.searchParams.get("_action");
      return apiError("ping", 400, action === "reset"
        ? `The reset action isn't implemented on the ${kind} endpoint: list the devices and delete them one by one.`
        : `Unsupported _action ${JSON.stringify(action ?? "")} on the ${kind} endpoint.`);
    },
  });

const query = (kind: "webauthn" | "binding") =>
  apiRoute({
    ...ADMIN_ON_USER,
    query: PingQueryFilter,
    failure: `The ${kind} devices could not be listed.`,
    handle: async ({ actor, params }) => {
      const rows = await listUserAuthenticators({ actor, userId: params.userId, kind: kind === "webauthn" ? "WEBAUTHN" : "BINDING" });
      return apiJson(kind === "webauthn" ? pagedResult(rows.map(toPingWebAuthn)) : pagedResult(rows.map(toPingBinding)));
    },
  });

const remove = (kind: "webauthn" | "binding") =>
  apiRoute({
    ...ADMIN_ON_USER,
    params: { userId: "User", uuid: kind === "webauthn" ? "WebAuthn device" : "Bound device" },
    failure: `The ${kind} device could not be deleted.`,
    handle: async ({ actor, params }) => {
      const found = await deleteUserAuthenticator({ actor, userId: params.userId, authenticatorId: params.uuid, kind: kind === "webauthn" ? "WEBAUTHN" : "BINDING" });
      return apiJson(kind === "webauthn" ? { ...toPingWebAuthn(found), signCount: found.signCount ?? 0 } : toPingBinding(found));
    },
  });

export const ping2faRoutes = {
  oath: apiMethods("ping", { POST: reset("oath") }),
  push: apiMethods("ping", { POST: reset("push") }),
  webauthn: apiMethods("ping", { GET: query("webauthn"), POST: resetNotImplemented("webauthn") }),
  binding: apiMethods("ping", { GET: query("binding"), POST: resetNotImplemented("binding") }),
  webauthnItem: apiMethods("ping", { DELETE: remove("webauthn") }),
  bindingItem: apiMethods("ping", { DELETE: remove("binding") }),
};
