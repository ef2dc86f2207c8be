import "server-only";
import { apiJson, type ApiResponse } from "@/server/api/http";
import { defineRoute, type AnyRoute, type RouteContext, type RouteDoc } from "@/server/api/route";
import { fromAppBody, toApiApp } from "@/server/api/dto";
import { createApp, MAX_APPS, updateApp } from "@/server/oidc/save-app";
import { getApp, listApps } from "@/server/oidc/list-apps";
import { deleteApp, rotateAppSecret, setAppEnabled } from "@/server/oidc/manage-app";
import { apiFieldOf, AppUriError } from "@/server/oidc/app-uri-policy";
import { AppError } from "@/server/errors";
import type { z } from "zod";
import {
  AppChange,
  AppDeleted,
  AppList,
  AppRegistration,
  AppSwitched,
  ChangedApp,
  CreatedApp,
  App,
  RotatedAppSecret,
} from "@/lib/api/schemas";

/**
 * A route on one app, `/api/v1/apps/{appId}` and below: for a server key or an administrator, the
 * app named by its id (a malformed or unknown one is a 404).
 */
function appRoute<B = undefined>(route: {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  action?: string;
  failure: string;
  doc: { operationId: string; summary: string; description: string; responses: NonNullable<RouteDoc["responses"]>; errors: number[] };
  handle: (ctx: RouteContext<Record<string, never>, B, "appId">) => Promise<ApiResponse>;
  body?: z.ZodType<B>;
}): AnyRoute {
  return defineRoute({
    method: route.method,
    body: route.body,
    path: `/api/v1/apps/{appId}${route.action ? `/${route.action}` : ""}`,
    family: "devicekeeper",
    audience: "admin",
    params: { appId: "App" },
    failure: route.failure,
    doc: { tags, security, params: { appId: "The app's id (its client_id)." }, ...route.doc },
    handle: route.handle,
  });
}

/** A refused address named as the body names it, as a schema error is: "redirect_uris: … use an https:// URL". */
async function namingUriFields(save: () => Promise<ApiResponse>): Promise<ApiResponse> {
  try {
    return await save();
  } catch (e) {
    if (e instanceof AppUriError) throw new AppError("INVALID_INPUT", `${apiFieldOf(e)}: ${e.problem}`);
    throw e;
  }
}

/** Disables or enables an app, answering it as it is now. */
const switchRoute = (enabled: boolean) =>
  appRoute({
    method: "POST",
    action: enabled ? "enable" : "disable",
    failure: `The app could not be ${enabled ? "enabled" : "disabled"}.`,
    doc: {
      operationId: enabled ? "enableApp" : "disableApp",
      summary: enabled ? "Enable an app" : "Disable an app",
      description: enabled
        ? "People can sign in to it again (no one is signed back in). Enabling an enabled app changes nothing (`changed: false`)."
        : "No one can sign in to it, and everyone signed in to it through Devicekeeper is signed out of it at once: its tokens are revoked " +
          "and a back-channel logout is sent for each sign-in. Its client_id and secret are kept, to enable it again. " +
          "Disabling a disabled app changes nothing (`changed: false`).",
      responses: { 200: { description: "OK", schema: AppSwitched } },
      errors: [404],
    },
    handle: async ({ actor, params }) => {
      const { changed, grantsEnded } = await setAppEnabled({ actor, appId: params.appId, enabled });
      return apiJson({ ...toApiApp(await getApp({ actor, appId: params.appId })), changed, sign_ins_ended: grantsEnded });
    },
  });

/** Apps that sign their users in through Devicekeeper (OpenID Connect), for a server key (or an administrator's personal access token). */
const tags = ["Apps"];
const security = [{ basicAuth: [] }, { bearerAuth: [] }];

export const appRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/apps",
    family: "devicekeeper",
    audience: "admin",
    failure: "The apps could not be listed.",
    doc: {
      operationId: "listApps",
      tags,
      security,
      summary: "List apps",
      description: "Every registered app, by name, with its sign-ins in the last 30 days. Secrets are never listed.",
      responses: { 200: { description: "OK", schema: AppList } },
      errors: [],
    },
    handle: async ({ actor }) => apiJson({ apps: (await listApps({ actor })).map(toApiApp) }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/apps",
    family: "devicekeeper",
    audience: "admin",
    body: AppRegistration,
    failure: "The app could not be registered.",
    doc: {
      operationId: "createApp",
      tags,
      security,
      summary: "Register an app",
      description:
        "Registers an app that signs its users in with their Devicekeeper account (OpenID Connect, authorization code flow). " +
        "Configure it with the returned `client_id` (and `client_secret`, for a confidential app) and the issuer's discovery document, " +
        "`https://<host>/oidc/.well-known/openid-configuration`. Redirect URIs match exactly; in production they must be https " +
        `(loopback only where WEBHOOKS_ALLOW_PRIVATE=1), and the back-channel logout URI must reach a public address. At most ${MAX_APPS} apps.`,
      responses: { 201: { description: "Registered; a confidential app's client_secret is shown this once.", schema: CreatedApp } },
      errors: [409],
    },
    handle: ({ actor, body }) =>
      namingUriFields(async () => {
        const { app, clientSecret } = await createApp({ actor, app: fromAppBody(body) });
        return apiJson({ ...toApiApp(app), client_secret: clientSecret }, 201);
      }),
  }),
  appRoute({
    method: "GET",
    failure: "The app could not be read.",
    doc: {
      operationId: "getApp",
      summary: "Get an app",
      description: "One app's registration, without its secret.",
      responses: { 200: { description: "OK", schema: App } },
      errors: [404],
    },
    handle: async ({ actor, params }) => apiJson(toApiApp(await getApp({ actor, appId: params.appId }))),
  }),
  appRoute({
    method: "PATCH",
    body: AppChange,
    failure: "The app could not be changed.",
    doc: {
      operationId: "updateApp",
      summary: "Change an app",
      description:
        "Changes the fields sent (the names of registering, each replacing its value: send the whole list of `redirect_uris` to add one); " +
        "the fields left out keep their values. The addresses are checked as when registering. " +
        "Changing `confidential` signs everyone out of the app (its tokens are revoked and back-channel logouts sent, `sign_ins_ended`), " +
        "and making it confidential answers its new `client_secret` this once; any other change signs no one out.",
      responses: { 200: { description: "Changed", schema: ChangedApp } },
      errors: [404],
    },
    handle: ({ actor, params, body }) =>
      namingUriFields(async () => {
        const { app, clientSecret, signedOut } = await updateApp({ actor, appId: params.appId, app: fromAppBody(body) });
        return apiJson({ ...toApiApp(app), client_secret: clientSecret, sign_ins_ended: signedOut });
      }),
  }),
  appRoute({
    method: "DELETE",
    failure: "The app could not be deleted.",
    doc: {
      operationId: "deleteApp",
      summary: "Delete an app",
      description:
        "Everyone signed in to it through Devicekeeper is signed out of it (its tokens are revoked, and back-channel logouts are sent to the URI it had), " +
        "and its client_id and secret stop working. " +
        "A second delete is 404.",
      responses: { 200: { description: "Deleted", schema: AppDeleted } },
      errors: [404],
    },
    handle: async ({ actor, params }) => apiJson(await deleteApp({ actor, appId: params.appId })),
  }),
  appRoute({
    method: "POST",
    action: "rotate-secret",
    failure: "The app's secret could not be rotated.",
    doc: {
      operationId: "rotateAppSecret",
      summary: "Rotate an app's client secret",
      description:
        "A new client secret, shown this once; the old one stops working at once (within 5 seconds on other instances). " +
        "No one is signed out: the app's tokens stay valid and it refreshes them with the new secret. A public app has no secret (409).",
      responses: { 200: { description: "Rotated", schema: RotatedAppSecret } },
      errors: [404, 409],
    },
    handle: async ({ actor, params }) => {
      const { clientSecret, secretPrefix } = await rotateAppSecret({ actor, appId: params.appId });
      return apiJson({ client_id: params.appId, client_secret: clientSecret, secret_prefix: secretPrefix });
    },
  }),
  switchRoute(false),
  switchRoute(true),
];
