import "server-only";
import type { Tx } from "@/server/db";
import type { RequestContext } from "@/server/request-context";

export type AuditEventType =
  | "SIGN_IN"
  | "SIGN_IN_FAILED"
  | "SIGN_OUT"
  | "DEVICE_CREATED"
  | "SESSION_REVOKED"
  | "OTHER_SESSIONS_REVOKED"
  | "DEVICE_UNTRUSTED"
  | "DEVICE_INVALIDATED"
  | "DEVICE_DELETED"
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
  | "WEBHOOK_REDELIVERED";

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
export const contextDetail = (context?: RequestContext): { via?: string } => (context?.via ? { via: context.via } : {});

/** Audit rows are written inside the caller's transaction, so a change and its record land together. */
export async function recordEvent(tx: Tx, input: RecordEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: input.actorId,
      userId: input.userId,
      deviceId: input.deviceId ?? null,
      type: input.type,
      ip: input.context?.ip ?? null,
      userAgent: input.context?.userAgent ?? null,
      detail: { ...input.detail, ...contextDetail(input.context) },
    },
  });
}
