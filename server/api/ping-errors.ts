import "server-only";

const REASONS: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 415: "Unsupported Media Type", 500: "Internal Server Error" };

/** Error bodies in Ping Identity AM's shape (seed 002 routes): `{ code, reason, message }`. */
export function pingError(code: number, message: string): Response {
  return Response.json({ code, reason: REASONS[code] ?? "Error", message }, { status: code, headers: { "Cache-Control": "no-store" } });
}
