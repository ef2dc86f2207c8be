/**
 * The four API families Devicekeeper answers as, each with its seed's error body:
 * - settings   (the plain `/settings/devices` API): `{ "message": … }`, the shape of its success body
 * - flashback  (Flashback, `/devices/{id}/untrust`): `{ "success": false, "error": … }`
 * - authsignal (Authsignal, server API; also the mobile registration routes): `{ "error": code, "errorDescription": … }`
 * - ping       (Ping Identity AIC, `/devices/2fa/…`, `/am/json/…`): `{ "code": status, "reason": …, "message": … }`
 * and Devicekeeper's own (the dashboard's feeds, health, the OpenAPI document):
 * - devicekeeper: `{ "error": code, "message": … }`
 */
export type ApiFamily = "settings" | "flashback" | "authsignal" | "ping" | "devicekeeper";

export const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const ERROR_CODES: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  429: "rate_limited",
  500: "internal_error",
  503: "unavailable",
};

export function errorBody(family: ApiFamily, status: number, message: string): Record<string, unknown> {
  switch (family) {
    case "settings":
      return { message };
    case "flashback":
      return { success: false, error: message };
    case "authsignal":
      return { error: ERROR_CODES[status] ?? "error", errorDescription: message };
    case "ping":
      return { code: status, reason: REASONS[status] ?? "Error", message };
    case "devicekeeper":
      return { error: ERROR_CODES[status] ?? "error", message };
  }
}

/** A zod failure as one line for an error body: "deviceName: Use at most 64 characters". */
export function describeIssue(error: { issues: { path: PropertyKey[]; message: string; code?: string }[] }, what = "body"): string {
  // A field the schema does not have (where it refuses them) usually explains the rest: said first.
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0];
  return `${issue?.path.map(String).join(".") || what}: ${issue?.message ?? "invalid"}`;
}
