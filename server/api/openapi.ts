import "server-only";
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { REASONS, type ApiFamily } from "@/lib/api/errors";
import { MAX_JSON_BYTES } from "@/server/api/read-json";
import { API_BASE, type AnyRoute, type RouteDoc } from "@/server/api/route";
import * as S from "@/lib/api/schemas";

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
  devicekeeper: S.DevicekeeperError,
};

const ERROR_WHEN: Record<number, string> = {
  400: "Malformed request: bad query parameter, body that is not valid JSON, path that is not valid percent-encoding.",
  401: "Missing, malformed, invalid, expired or revoked credentials (with WWW-Authenticate).",
  403: "Valid credentials that do not grant this route.",
  404: "No such user, device or item — or not one of the caller's (a malformed id is the same).",
  405: "Method not allowed (see Allow).",
  409: "Conflicts with the current state (a limit reached, a one-time item already used): the message says which.",
  413: `Body larger than ${MAX_JSON_BYTES} bytes.`,
  414: "Path longer than 2048 characters, or a segment longer than 255.",
  415: "A body that is not declared as application/json.",
  429: "Too many invalid credentials from this client lately (SIGNIN_MAX_CLIENT_FAILURES per SIGNIN_LOCK_MINUTES): retry after the Retry-After header's seconds. Valid credentials are not affected.",
  500: "Unexpected failure; logged server-side, never a stack trace.",
  503: "The database is briefly unreachable (a restart, a failover): retry after the Retry-After header's seconds.",
};

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

function errors(family: ApiFamily, statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: `${REASONS[s]}. ${ERROR_WHEN[s] ?? ""}`.trim(), content: json(ERROR_SCHEMA[family]) }]),
  );
}

/** Every route answers these (path, auth, method, unexpected failure); bodies on POST/PATCH/DELETE add 413/415. A route adds its own (404). */
const COMMON = [400, 401, 403, 405, 414, 429, 500, 503];
const WITH_BODY = [413, 415];

const emptyBody = {
  description: "Optional: no body, a JSON object (`{}`) or an empty array (`[]`), as application/json. Anything else is a 400.",
  required: false,
  content: json(z.union([z.object({}), z.array(z.unknown()).max(0)])),
};

/** A documented route as the generator wants it: path relative to the server URL, params and body from its definition. */
function toRouteConfig(route: AnyRoute, doc: RouteDoc): RouteConfig {
  const params = Object.keys(route.params ?? {});
  const hasBody = route.method !== "GET";
  const statuses = [...COMMON, ...doc.errors, ...(hasBody ? WITH_BODY : [])]
    .filter((s, i, all) => all.indexOf(s) === i)
    .sort((a, b) => a - b);
  return {
    method: route.method.toLowerCase() as "get" | "post" | "patch" | "delete",
    path: route.path.slice(API_BASE.length),
    operationId: doc.operationId,
    tags: [...doc.tags],
    summary: doc.summary,
    description: doc.description,
    security: doc.security.map((requirement) => Object.fromEntries(Object.keys(requirement).map((scheme) => [scheme, []]))),
    request: {
      ...(params.length && {
        params: z.object(
          Object.fromEntries(params.map((name) => [name, z.uuid().meta({ param: { name, in: "path", description: doc.params?.[name] } })])),
        ),
      }),
      ...(route.query && { query: route.query as z.ZodObject }),
      ...(hasBody && { body: route.body ? { required: true, content: json(route.body) } : emptyBody }),
    },
    responses: {
      ...Object.fromEntries(
        Object.entries(doc.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema && {
              content: { "application/json": { schema: r.schema, ...(r.example !== undefined && { example: r.example }) } },
            }),
          },
        ]),
      ),
      ...errors(route.family, statuses),
    },
  };
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

/** The document of these routes (the registry passes every route it lists). */
export function buildOpenApiDocument(routes: readonly AnyRoute[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A personal access token (`pat_…`, created at /settings/tokens), or — on the admin routes — a server key (`sk_…`).",
  });
  registry.registerComponent("securitySchemes", "basicAuth", {
    type: "http",
    scheme: "basic",
    description: "A server secret key (`sk_…`, created by an admin at /admin/api-keys) as the username, and an empty password.",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "dk.session",
    description: "The dashboard's own session, same-origin only: for GET /settings/devices and the mobile registration routes.",
  });
  for (const route of routes) if (route.doc) registry.registerPath(toRouteConfig(route, route.doc));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
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
    servers: [{ url: API_BASE }],
  });
}
