import "server-only";

import { errorBody, type ApiFamily } from "@/lib/api/errors";

export { errorBody, familyOfPath, REASONS, ERROR_CODES, type ApiFamily } from "@/lib/api/errors";

export function apiError(family: ApiFamily, status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(errorBody(family, status, message), { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export const apiJson = (body: unknown, status = 200): Response =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
