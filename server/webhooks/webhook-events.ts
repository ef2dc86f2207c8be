import "server-only";
import type { WebhookEventType } from "@/lib/webhooks";

/** One row of the outbox as the triggers wrote it (see prisma/schema.prisma, WebhookOutbox). */
export type OutboxRow = {
  seq: bigint;
  txid: bigint;
  source: "audit" | "session.created" | "session.revoked" | "session.expired";
  userId: string;
  deviceId: string | null;
  sessionId: string | null;
  auditType: string | null;
  actorId: string | null;
  detail: Record<string, unknown>;
  reason: string | null;
  occurredAt: Date;
};

/** Who made the change, as receivers see it. No secrets: a credential is named, never shown. */
export type WebhookActor =
  | { type: "user"; id: string; via?: string }
  | { type: "admin"; id: string; via?: string }
  | { type: "api_credential"; name: string }
  | { type: "system" };

/** What a receiver gets, as JSON: `{ id, type, timestamp, data }` (the Standard Webhooks payload shape). */
export type WebhookEvent = {
  type: WebhookEventType;
  userId: string;
  timestamp: string;
  data: { user_id: string; device_id?: string | null; session_id?: string | null; actor: WebhookActor } & Record<string, unknown>;
};

/** Why a session ended, in the payload's words. */
const REVOKED_REASONS: Record<string, string> = {
  SIGNED_OUT: "signed_out",
  SESSION_REVOKED: "user",
  OTHER_SESSIONS_REVOKED: "user",
  ADMIN_REVOKED: "admin",
  DEVICE_UNTRUSTED: "device_untrusted",
  DEVICE_INVALIDATED: "device_invalidated",
  DEVICE_DELETED: "device_deleted",
  DEVICE_LOST: "device_lost",
  USER_DISABLED: "user_disabled",
  PASSWORD_CHANGED: "password_changed",
  SESSION_LIMIT: "session_limit",
  EXPIRED: "expired",
};

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function actorOf(actorId: string | null, userId: string, detail: Record<string, unknown>): WebhookActor {
  const via = str(detail.via);
  if (!actorId) return via ? { type: "api_credential", name: via } : { type: "system" };
  return { type: actorId === userId ? "user" : "admin", id: actorId, ...(via && { via }) };
}

type AuditMapping = { type: WebhookEventType; data?: (d: Record<string, unknown>) => Record<string, unknown> } | null;

const kind = (k: string) => () => ({ kind: k });
const token = (tokenKind: "personal" | "server") => (d: Record<string, unknown>) => ({
  token_id: str(d.tokenId) ?? null,
  token_kind: tokenKind,
  name: str(d.name) ?? null,
  prefix: str(d.prefix) ?? null,
});

/** Which audit rows are events, and what they add to the payload. Types not listed send nothing. */
const AUDIT_EVENTS: Record<string, AuditMapping> = {
  DEVICE_CREATED: { type: "device.created" },
  DEVICE_RENAMED: { type: "device.renamed", data: (d) => ({ name: str(d.to) ?? null, previous_name: str(d.from) ?? null }) },
  DEVICE_UNTRUSTED: { type: "device.untrusted" },
  // "This wasn't me" in a new-device email: the device is untrusted (and its sessions end).
  DEVICE_NOT_RECOGNIZED: { type: "device.untrusted", data: () => ({ reported_by_user: true }) },
  DEVICE_INVALIDATED: { type: "device.invalidated" },
  DEVICE_DELETED: { type: "device.deleted" },
  // "I lost this device" / "Lost device": untrusted (and treated as new), its sessions ended and the
  // second factors enrolled on it removed — their kinds, as mfa.authenticator.* name them.
  DEVICE_LOST: {
    type: "device.untrusted",
    data: (d) => ({
      lost: true,
      factors_removed: typeof d.factorsRemoved === "number" ? d.factorsRemoved : 0,
      factor_kinds: Array.isArray(d.factorKinds) ? d.factorKinds : [],
    }),
  },
  TOTP_ADDED: { type: "mfa.authenticator.added", data: kind("totp") },
  PASSKEY_ADDED: { type: "mfa.authenticator.added", data: kind("webauthn") },
  PUSH_REGISTERED: { type: "mfa.authenticator.added", data: kind("push") },
  BINDING_REGISTERED: { type: "mfa.authenticator.added", data: kind("binding") },
  RECOVERY_CODES_GENERATED: { type: "mfa.authenticator.added", data: kind("recovery_codes") },
  TOTP_REMOVED: { type: "mfa.authenticator.removed", data: kind("totp") },
  AUTHENTICATOR_REMOVED: { type: "mfa.authenticator.removed", data: (d) => ({ kind: (str(d.kind) ?? "unknown").toLowerCase() }) },
  ADMIN_RESET_OATH: { type: "mfa.authenticator.reset", data: kind("totp") },
  ADMIN_RESET_PUSH: { type: "mfa.authenticator.reset", data: kind("push") },
  ADMIN_DELETED_WEBAUTHN: { type: "mfa.authenticator.reset", data: kind("webauthn") },
  ADMIN_DELETED_BINDING: { type: "mfa.authenticator.reset", data: kind("binding") },
  ADMIN_REVOKED_RECOVERY_CODES: { type: "mfa.authenticator.reset", data: kind("recovery_codes") },
  ADMIN_DISABLED_USER: { type: "user.disabled" },
  ADMIN_ENABLED_USER: { type: "user.enabled" },
  API_TOKEN_CREATED: { type: "api_token.created", data: token("personal") },
  API_TOKEN_REVOKED: { type: "api_token.revoked", data: token("personal") },
  SERVER_KEY_CREATED: { type: "api_token.created", data: token("server") },
  SERVER_KEY_REVOKED: { type: "api_token.revoked", data: token("server") },
  APP_AUTHORIZED: {
    type: "app.authorized",
    data: (d) => ({
      client_id: str(d.clientId) ?? null,
      app_name: str(d.appName) ?? null,
      scopes: Array.isArray(d.scopes) ? d.scopes : [],
    }),
  },
  APP_ACCESS_REMOVED: {
    type: "app.access_removed",
    // cause: null when the user's access alone was removed; "disabled", "deleted", "made-public" or "made-confidential" when an administrator's change to the app ended everyone's.
    data: (d) => ({ client_id: str(d.clientId) ?? null, app_name: str(d.appName) ?? null, cause: str(d.cause) ?? null }),
  },
  APP_TOKEN_REPLAYED: {
    type: "app.token_replayed",
    data: (d) => ({ client_id: str(d.clientId) ?? null, app_name: str(d.appName) ?? null, grant_type: str(d.grantType) ?? null }),
  },
};

/**
 * The events of one transaction's outbox rows, in their order. A session's row carries no actor:
 * it takes the one of the audit row its transaction wrote for the same user (none: the system,
 * e.g. a session pruned after it expired).
 */
export function eventsOfTransaction(rows: OutboxRow[]): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (const row of rows) {
    const timestamp = row.occurredAt.toISOString();
    const base = { user_id: row.userId, device_id: row.deviceId };
    if (row.source === "audit") {
      const actor = actorOf(row.actorId, row.userId, row.detail);
      // A sign-in on a device never seen before (or seen again after an invalidation) creates it.
      if (row.auditType === "SIGN_IN" && (row.detail.newDevice === true || row.detail.reestablished === true)) {
        events.push({
          type: "device.created",
          userId: row.userId,
          timestamp,
          data: { ...base, name: str(row.detail.deviceName) ?? null, actor },
        });
        continue;
      }
      const mapping = row.auditType ? AUDIT_EVENTS[row.auditType] : null;
      if (mapping)
        events.push({ type: mapping.type, userId: row.userId, timestamp, data: { ...base, ...mapping.data?.(row.detail), actor } });
      continue;
    }
    const audit = rows.find((r) => r.source === "audit" && r.userId === row.userId);
    const actor = audit ? actorOf(audit.actorId, row.userId, audit.detail) : ({ type: "system" } as const);
    const data = { ...base, session_id: row.sessionId, actor };
    if (row.source === "session.created") events.push({ type: "session.created", userId: row.userId, timestamp, data });
    else {
      // Ending one session is the user's doing, or an administrator's (the same operation).
      const reason = REVOKED_REASONS[row.reason ?? ""] ?? "revoked";
      const byAdmin = reason === "user" && (actor.type === "admin" || actor.type === "api_credential");
      events.push({ type: "session.revoked", userId: row.userId, timestamp, data: { ...data, reason: byAdmin ? "admin" : reason } });
    }
  }
  return events;
}
