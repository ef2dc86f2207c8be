import "server-only";
import { sqlEpochMs } from "@/server/db/client";
import { auditInsertSql } from "@/server/audit/audit-insert-sql";
import { appsOfSessionsSql } from "@/server/sessions/apps-of-sessions";
import type { AuditEventType } from "@/server/audit/record-event";
import { IS_INVALIDATED_SQL, IS_MARKED_LOST_SQL } from "@/server/devices/device-operation";
import type { SessionRevokedReason } from "@/prisma/generated/client";

/** The changes that end a device's sessions. */
export type EndDeviceKind = "untrust" | "invalidate" | "delete" | "lost";

/**
 * What each kind does, as SQL over the locked row `d` (its values before the change) and `n`
 * (`n.ended`: the sessions it ended). Written here and nowhere else: callers name a kind.
 */
type KindSql = {
  /** Whether the device row changes. */
  changes: string;
  /** The SET list applied when it does; `$3` is now. */
  set: string;
  /** The audit row's detail. */
  detail: string;
  /** Whether the audit row is written: whether anything changed. */
  audited: string;
  /** More data-modifying CTEs over `d` (each followed by a comma), run with the rest. */
  also?: string;
  /** What else it removed, a json array for the caller (`'[]'` when nothing else goes). */
  removed?: string;
  reason: SessionRevokedReason;
  event: AuditEventType;
};

const CLEAR_TRUST = `"trustedAt" = NULL, "rememberedUntil" = NULL`;
const ENDED = `'deviceName', d.name, 'sessionsEnded', n.ended, 'apps', n.apps`;
const INVALIDATE = {
  // Already invalidated (and not signed in since), untrusted and forgotten: nothing to change.
  changes: `NOT (${IS_INVALIDATED_SQL} AND d."trustedAt" IS NULL AND d."rememberedUntil" IS NULL)`,
  set: `"invalidatedAt" = $3::timestamp, ${CLEAR_TRUST}`,
};

const KINDS: Record<EndDeviceKind, KindSql> = {
  untrust: {
    changes: `d."trustedAt" IS NOT NULL OR d."rememberedUntil" IS NOT NULL`,
    set: CLEAR_TRUST,
    detail: `jsonb_build_object(${ENDED}, 'wasTrusted', d.changes)`,
    audited: `d.changes OR n.ended > 0`,
    reason: "DEVICE_UNTRUSTED",
    event: "DEVICE_UNTRUSTED",
  },
  invalidate: {
    ...INVALIDATE,
    detail: `jsonb_build_object(${ENDED})`,
    audited: `d.changes OR n.ended > 0`,
    reason: "DEVICE_INVALIDATED",
    event: "DEVICE_INVALIDATED",
  },
  delete: {
    changes: "true",
    set: `"deletedAt" = $3::timestamp, "cookieHash" = NULL, ${CLEAR_TRUST}`,
    detail: `jsonb_build_object(${ENDED})`,
    audited: "true",
    reason: "DEVICE_DELETED",
    event: "DEVICE_DELETED",
  },
  // "I lost this device": invalidated (so if it signs in again it is a new device, emailed about
  // and asked for a second factor), and every second factor enrolled on it — its push and binding
  // registrations, passkeys made on it, any factor added from it — goes with it.
  lost: {
    // As invalidating, and marked as lost (until it signs in again): already so, nothing to change.
    changes: `(${INVALIDATE.changes}) OR NOT (${IS_MARKED_LOST_SQL})`,
    set: `${INVALIDATE.set}, "lostAt" = $3::timestamp`,
    also: `gone AS (DELETE FROM "Authenticator" a USING d WHERE a."deviceId" = d.id AND a."userId" = $2::uuid
                    RETURNING a.id, a.kind::text AS kind, a.name, a."createdAt"),`,
    detail: `jsonb_build_object(${ENDED}, 'factorsRemoved', (SELECT count(*) FROM gone)::int,
               'factors', (SELECT coalesce(jsonb_agg(g.name ORDER BY g."createdAt", g.id), '[]'::jsonb) FROM gone g),
               'factorKinds', (SELECT coalesce(jsonb_agg(DISTINCT lower(g.kind)), '[]'::jsonb) FROM gone g))`,
    audited: `d.changes OR n.ended > 0 OR EXISTS (SELECT 1 FROM gone)`,
    removed: `(SELECT coalesce(json_agg(json_build_object('id', g.id, 'kind', g.kind, 'name', g.name) ORDER BY g."createdAt", g.id), '[]') FROM gone g)`,
    reason: "DEVICE_LOST",
    event: "DEVICE_LOST",
  },
};

/**
 * The one statement: $1 device, $2 user, $3 now, $4 the sessions' revoked reason, $5 the caller's
 * own session (to report whether it ended), then the audit row's parameters.
 */
function statement({ changes, set, detail, audited, also = "", removed = "'[]'::json" }: KindSql): string {
  return `WITH locked AS (
       SELECT id, "userId", name, "createdAt", "authenticatedAt", "lastVerificationMethod",
              "trustedAt", "rememberedUntil", "invalidatedAt", "reestablishedAt", "lostAt"
         FROM "Device" WHERE id = $1::uuid AND "userId" = $2::uuid AND "deletedAt" IS NULL
          FOR UPDATE),
     d AS (SELECT d.*, (${changes}) AS changes FROM locked d),
     upd AS (UPDATE "Device" t SET ${set} FROM d WHERE t.id = d.id AND d.changes
             RETURNING t."invalidatedAt", t."rememberedUntil"),
     s AS (UPDATE "Session" s SET "revokedAt" = $3::timestamp, "revokedReason" = $4::"SessionRevokedReason"
             FROM d WHERE s."deviceId" = d.id AND s."userId" = $2::uuid AND s."revokedAt" IS NULL AND s."expiresAt" > $3::timestamp
           RETURNING s.id),
     n AS (SELECT count(*)::int AS ended, coalesce(bool_or(id = $5::uuid), false) AS "endedCurrent", ${appsOfSessionsSql("IN (SELECT id FROM s)")} AS apps FROM s),
     ${also}
     audit AS (${auditInsertSql({ userId: "$2::uuid", deviceId: "d.id", detail, at: "$3::timestamp", from: `FROM d, n WHERE ${audited}` }, 6)})
     SELECT d.id, d."userId", d.name, d."lastVerificationMethod"::text AS "lastVerificationMethod",
            (${audited}) AS changed, n.ended, n."endedCurrent", n.apps, ${removed} AS removed,
            ${sqlEpochMs(`d."createdAt"`)} AS "createdMs", ${sqlEpochMs(`d."authenticatedAt"`)} AS "authenticatedMs",
            ${sqlEpochMs(`CASE WHEN d.changes THEN upd."invalidatedAt" ELSE d."invalidatedAt" END`)} AS "invalidatedMs",
            ${sqlEpochMs(`CASE WHEN d.changes THEN upd."rememberedUntil" ELSE d."rememberedUntil" END`)} AS "rememberedMs"
       FROM d CROSS JOIN n LEFT JOIN upd ON true`;
}

/** Each kind's statement text (built once: it is prepared per connection by its text), revoked reason and audit event. */
export const END_DEVICE_SQL = Object.fromEntries(
  Object.entries(KINDS).map(([kind, sql]) => [kind, { text: statement(sql), reason: sql.reason, event: sql.event }]),
) as Record<EndDeviceKind, { text: string; reason: SessionRevokedReason; event: AuditEventType }>;
