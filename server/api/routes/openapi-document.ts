import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute } from "@/server/api/route";

/** The OpenAPI 3.1 document, as the registry builds it from every route; public, like any API reference. */
export const openApiRoutes = (document: () => object) => [
  defineRoute({
    method: "GET",
    path: "/api/v1/openapi.json",
    family: "devicekeeper",
    audience: "public",
    failure: "The document could not be built.",
    handle: async () => apiJson(document(), 200, { "Cache-Control": "public, max-age=300" }),
  }),
];
