import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { fromAppRegistration, toApiApp } from "@/server/api/dto";
import { createApp, MAX_APPS } from "@/server/oidc/save-app";
import { getApp, listApps } from "@/server/oidc/list-apps";
import { deleteApp } from "@/server/oidc/manage-app";
import { apiFieldOf, AppUriError } from "@/server/oidc/app-uri-policy";
import { AppError } from "@/server/errors";
import { AppDeleted, AppList, AppRegistration, CreatedApp, App } from "@/lib/api/schemas";

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
    handle: async ({ actor, body }) => {
      try {
        const { app, clientSecret } = await createApp({ actor, app: fromAppRegistration(body) });
        return apiJson({ ...toApiApp(app), client_secret: clientSecret }, 201);
      } catch (e) {
        // Named as the body names it, as a schema error is: "redirect_uris.0: … use an https:// URL".
        if (e instanceof AppUriError) throw new AppError("INVALID_INPUT", `${apiFieldOf(e)}: ${e.problem}`);
        throw e;
      }
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/apps/{appId}",
    family: "devicekeeper",
    audience: "admin",
    params: { appId: "App" },
    failure: "The app could not be read.",
    doc: {
      operationId: "getApp",
      tags,
      security,
      summary: "Get an app",
      description: "One app's registration, without its secret.",
      params: { appId: "The app's id (its client_id)." },
      responses: { 200: { description: "OK", schema: App } },
      errors: [404],
    },
    handle: async ({ actor, params }) => apiJson(toApiApp(await getApp({ actor, appId: params.appId }))),
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/v1/apps/{appId}",
    family: "devicekeeper",
    audience: "admin",
    params: { appId: "App" },
    failure: "The app could not be deleted.",
    doc: {
      operationId: "deleteApp",
      tags,
      security,
      summary: "Delete an app",
      description:
        "Everyone signed in to it through Devicekeeper is signed out of it (its tokens are revoked), and its client_id and secret stop working. " +
        "A second delete is 404.",
      params: { appId: "The app's id (its client_id)." },
      responses: { 200: { description: "Deleted", schema: AppDeleted } },
      errors: [404],
    },
    handle: async ({ actor, params }) => apiJson(await deleteApp({ actor, appId: params.appId })),
  }),
];
