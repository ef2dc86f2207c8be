import { apiMethods } from "@/server/api/api-route";
import { openApiDocument } from "@/server/api/openapi";

/** The OpenAPI 3.1 document; public, like any API reference. */
function openApi() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { GET: openApi });
