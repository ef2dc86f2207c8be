import "server-only";
import type { Tx } from "@/server/db/client";
import type { RequestContext } from "@/server/request-context";

export type AuditEventType =
  | "SIGN_IN"
  | "SIGN_IN_FAILED"
  | "SIGN_IN_PAUSED"
  | "SIGN_OUT"
  | "DEVICE_CREATED"
  | "SESSION_REVOKED"
  | "OTHER_SESSIONS_REVOKED"
  | "DEVICE_UNTRUSTED"
  | "DEVICE_INVALIDATED"
  | "DEVICE_DELETED"
  | "DEVICE_LOST"
  | "DEVICE_RENAMED"
  | "MFA_CHALLENGE_FAILED"
  | "MFA_RATE_LIMITED"
  | "TOTP_ADDED"
  | "TOTP_REMOVED"
  | "AUTHENTICATOR_REMOVED"
  | "RECOVERY_CODES_GENERATED"
  | "RECOVERY_CODE_USED"
  | "PUSH_REGISTERED"
  | "BINDING_REGISTERED"
  | "PUSH_DEVICE_ID_REFRESHED"
  | "PASSKEY_ADDED"
  | "ADMIN_RESET_OATH"
  | "ADMIN_RESET_PUSH"
  | "ADMIN_DELETED_WEBAUTHN"
  | "ADMIN_DELETED_BINDING"
  | "ADMIN_REVOKED_RECOVERY_CODES"
  | "ADMIN_ISSUED_TEMPORARY_ACCESS_CODE"
  | "ADMIN_ENDED_TEMPORARY_ACCESS_CODE"
  | "TEMPORARY_ACCESS_CODE_USED"
  | "ADMIN_SIGNED_OUT_EVERYWHERE"
  | "ADMIN_DISABLED_USER"
  | "ADMIN_ENABLED_USER"
  | "ADMIN_SET_SESSION_LIMIT"
  | "SESSION_LIMIT_REACHED"
  | "STEP_UP"
  | "PASSWORD_CHANGED"
  | "PASSWORD_RESET_REQUESTED"
  | "PASSWORD_RESET"
  | "DEVICE_RECOGNIZED"
  | "DEVICE_NOT_RECOGNIZED"
  | "EMAIL_PREFERENCES_CHANGED"
  | "API_TOKEN_CREATED"
  | "API_TOKEN_REVOKED"
  | "SERVER_KEY_CREATED"
  | "SERVER_KEY_REVOKED"
  | "WEBHOOK_ENDPOINT_CREATED"
  | "WEBHOOK_ENDPOINT_ENABLED"
  | "WEBHOOK_ENDPOINT_DISABLED"
  | "WEBHOOK_ENDPOINT_DELETED"
  | "WEBHOOK_SECRET_ROTATED"
  | "WEBHOOK_TEST_SENT"
  | "WEBHOOK_REDELIVERED"
  | "APP_AUTHORIZED"
  | "APP_SIGNED_IN"
  | "APP_SIGNED_OUT"
  | "APP_ACCESS_REMOVED"
  | "APP_TOKEN_REPLAYED"
  | "APP_CREATED"
  | "APP_UPDATED"
  | "APP_SECRET_ROTATED"
  | "APP_DISABLED"
  | "APP_ENABLED"
  | "APP_DELETED";

export type RecordEventInput = {
  actorId: string | null;
  /** Whose account it concerns; null for an installation-wide change (webhook endpoints). */
  userId: string | null;
  deviceId?: string | null;
  type: AuditEventType;
  context?: RequestContext;
  detail?: Record<string, string | number | boolean | null | string[]>;
};

/** What every audit row's detail carries besides the event's own: the API credential that acted, if any. */
const contextDetail = (context?: RequestContext): { via?: string } => (context?.via ? { via: context.via } : {});

/** Who acted, what, and from where: the columns every audit row takes alike, whichever way it is written. */
export type AuditEventValues = Pick<RecordEventInput, "actorId" | "type" | "context">;

/** Those columns' values (`via`: what recordEvent merges into the detail), for recordEvent and auditInsertSql alike. */
export const auditValues = ({ actorId, type, context }: AuditEventValues) => ({
  actorId,
  type,
  ip: context?.ip ?? null,
  userAgent: context?.userAgent ?? null,
  via: contextDetail(context),
});

/**
 * Audit rows are written inside the caller's transaction, so a change and its record land together.
 * A hot path that is one statement writes the same row with auditInsertSql (server/audit/audit-insert-sql.ts).
 */
export async function recordEvent(tx: Tx, input: RecordEventInput): Promise<void> {
  const { via, ...values } = auditValues(input);
  await tx.auditEvent.create({
    data: { ...values, userId: input.userId, deviceId: input.deviceId ?? null, detail: { ...input.detail, ...via } },
  });
}
