import "server-only";
import { countRevocations } from "@/server/observability/metrics";
import { fromEpochMs, rawQuery } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { auditInsertParams } from "@/server/audit/audit-insert-sql";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { notFound } from "@/server/errors";
import { END_DEVICE_SQL, type EndDeviceKind } from "@/server/devices/end-device-sql";
import { deviceIdSchema } from "@/lib/validation/devices";

/** A device change that ends the device's sessions; what each kind changes is server/devices/end-device-sql.ts. */
export type EndDeviceInput = { kind: EndDeviceKind; actor: Actor; userId: string; deviceId: string; now?: Date };

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
/** A second factor that went with the device (kind "lost"). */
export type RemovedFactor = { id: string; kind: "TOTP" | "WEBAUTHN" | "PUSH" | "BINDING"; name: string };
export type EndDeviceResult = {
  changed: boolean;
  sessionsEnded: number;
  endedCurrentSession: boolean;
  /** The apps the ended sessions were signed in to, by name (they are signed out of them too). */
  apps: string[];
  /** The second factors removed with it, oldest first (only "lost" removes any). */
  factorsRemoved: RemovedFactor[];
  device: EndedDevice;
};

type Row = {
  id: string;
  userId: string;
  name: string;
  lastVerificationMethod: string | null;
  changed: boolean;
  ended: number;
  endedCurrent: boolean;
  apps: string[];
  removed: RemovedFactor[];
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
 * result. Another user's device, or an actor who may not act for its user, is reported exactly
 * like a missing one.
 */
export async function endDevice({ kind, actor, userId, deviceId, now = new Date() }: EndDeviceInput): Promise<EndDeviceResult> {
  assertMayActFor(actor, userId, "Device");
  if (!deviceIdSchema.safeParse(deviceId).success) throw notFound("Device");
  const { text, reason, event } = END_DEVICE_SQL[kind];
  const [row] = await rawQuery<Row>(text, [
    deviceId,
    userId,
    now.toISOString(),
    reason,
    actor.sessionId ?? null,
    ...auditInsertParams({ actorId: actor.userId, type: event, context: actor.context }),
  ]);
  if (!row) throw notFound("Device");
  countRevocations(reason, row.ended);
  return {
    changed: row.changed,
    sessionsEnded: row.ended,
    endedCurrentSession: row.endedCurrent,
    apps: row.apps,
    factorsRemoved: row.removed,
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
