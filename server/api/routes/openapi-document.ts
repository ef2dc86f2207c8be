import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";
import { openApiDocument } from "@/server/api/openapi";

/** The OpenAPI 3.1 document; public, like any API reference. */
export const openApiRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/openapi.json",
    family: "devicekeeper",
    audience: "public",
    failure: "The document could not be built.",
    handle: async () => apiJson(openApiDocument(), 200, { "Cache-Control": "public, max-age=300" }),
  }),
];
