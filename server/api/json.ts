import "server-only";

/** Error bodies follow seed 000's `{ error, errorDescription }` unless a route's seed says otherwise. */
export function jsonError(status: number, error: string, errorDescription?: string): Response {
  return Response.json(errorDescription ? { error, errorDescription } : { error }, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}
