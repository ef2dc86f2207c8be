import "server-only";
import { countRevocations } from "@/server/observability/metrics";
import { fromEpochMs, rawQuery, sqlEpochMs } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { contextDetail, type AuditEventType } from "@/server/audit/record-event";
import { notFound } from "@/server/errors";
import { deviceIdSchema } from "@/lib/validation/devices";
import type { SessionRevokedReason } from "@/prisma/generated/client";

/** A device change that ends the device's sessions: untrust, invalidate, delete. */
export type EndDeviceChange = {
  actor: Actor;
  userId: string;
  deviceId: string;
  /** Whether the device row changes, as SQL over the locked row `d` (its values before the change). */
  changes: string;
  /** The SET list applied when it does; `$3` is now. */
  set: string;
  reason: SessionRevokedReason;
  event: AuditEventType;
  /** The audit row's detail, as SQL over `d` and `n` (`n.ended`: sessions ended); the credential (`via`) is added. */
  detail: string;
  /** When to write the audit row, as SQL over `d` and `n`. */
  auditWhen: string;
  now?: Date;
};

/** The device after the change, as Authsignal's UserDevice needs it. */
export type EndedDevice = {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  authenticatedAt: Date | null;
  invalidatedAt: Date | null;
  rememberedUntil: Date | null;
  lastVerificationMethod: string | null;
};
export type EndDeviceResult = { changed: boolean; sessionsEnded: number; endedCurrentSession: boolean; device: EndedDevice };

type Row = {
  id: string;
  userId: string;
  name: string;
  lastVerificationMethod: string | null;
  changed: boolean;
  ended: number;
  endedCurrent: boolean;
  createdMs: number;
  authenticatedMs: number | null;
  invalidatedMs: number | null;
  rememberedMs: number | null;
};

/**
 * Locks the user's (undeleted) device, changes it, ends its live sessions and writes the audit
 * row — as ONE statement, so one transaction and one round trip (these are the REST API's
 * revocations; bench/peers holds them to twice the bare-Postgres floor). The row lock makes two
 * concurrent changes of one device run one after the other, the second seeing the first's
 * result. Another user's device is reported exactly like a missing one.
 */
export async function endDevice(change: EndDeviceChange): Promise<EndDeviceResult> {
  const { actor, userId, deviceId } = change;
  if (!deviceIdSchema.safeParse(deviceId).success) throw notFound("Device");
  const [row] = await rawQuery<Row>(
    `WITH locked AS (
       SELECT id, "userId", name, "createdAt", "authenticatedAt", "lastVerificationMethod",
              "trustedAt", "rememberedUntil", "invalidatedAt", "reestablishedAt"
         FROM "Device" WHERE id = $1::uuid AND "userId" = $2::uuid AND "deletedAt" IS NULL
          FOR UPDATE),
     d AS (SELECT d.*, (${change.changes}) AS changes FROM locked d),
     upd AS (UPDATE "Device" t SET ${change.set} FROM d WHERE t.id = d.id AND d.changes
             RETURNING t."invalidatedAt", t."rememberedUntil"),
     s AS (UPDATE "Session" s SET "revokedAt" = $3::timestamp, "revokedReason" = $4::"SessionRevokedReason"
             FROM d WHERE s."deviceId" = d.id AND s."userId" = $2::uuid AND s."revokedAt" IS NULL AND s."expiresAt" > $3::timestamp
           RETURNING s.id),
     n AS (SELECT count(*)::int AS ended, coalesce(bool_or(id = $5::uuid), false) AS "endedCurrent" FROM s),
     audit AS (INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, ip, "userAgent", detail, "createdAt")
               SELECT gen_random_uuid(), $6::uuid, $2::uuid, d.id, $7, $8, $9, (${change.detail}) || $10::jsonb, $3::timestamp
                 FROM d, n WHERE ${change.auditWhen})
     SELECT d.id, d."userId", d.name, d."lastVerificationMethod"::text AS "lastVerificationMethod",
            d.changes OR n.ended > 0 AS changed, n.ended, n."endedCurrent",
            ${sqlEpochMs(`d."createdAt"`)} AS "createdMs", ${sqlEpochMs(`d."authenticatedAt"`)} AS "authenticatedMs",
            ${sqlEpochMs(`CASE WHEN d.changes THEN upd."invalidatedAt" ELSE d."invalidatedAt" END`)} AS "invalidatedMs",
            ${sqlEpochMs(`CASE WHEN d.changes THEN upd."rememberedUntil" ELSE d."rememberedUntil" END`)} AS "rememberedMs"
       FROM d CROSS JOIN n LEFT JOIN upd ON true`,
    [
      deviceId,
      userId,
      (change.now ?? new Date()).toISOString(),
      change.reason,
      actor.sessionId ?? null,
      actor.userId,
      change.event,
      actor.context.ip,
      actor.context.userAgent,
      JSON.stringify(contextDetail(actor.context)),
    ],
  );
  if (!row) throw notFound("Device");
  countRevocations(change.reason, row.ended);
  return {
    changed: row.changed,
    sessionsEnded: row.ended,
    endedCurrentSession: row.endedCurrent,
    device: {
      id: row.id,
      userId: row.userId,
      name: row.name,
      lastVerificationMethod: row.lastVerificationMethod,
      createdAt: new Date(row.createdMs),
      authenticatedAt: fromEpochMs(row.authenticatedMs),
      invalidatedAt: fromEpochMs(row.invalidatedMs),
      rememberedUntil: fromEpochMs(row.rememberedMs),
    },
  };
}
