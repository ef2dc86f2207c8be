import "server-only";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { auditInsertParams } from "@/server/audit/audit-insert-sql";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { END_DEVICE_SQL } from "@/server/devices/end-device-sql";
import { countRevocations } from "@/server/observability/metrics";
import { findStaleDevices } from "@/server/security/checkup-queries";

export type SignOutStaleDevicesInput = {
  actor: Actor;
  userId: string;
  /** The devices the confirmation named: only those of them still not used for 90 days are signed out. */
  deviceIds: readonly string[];
  /** The browser the user acts from, never signed out here. */
  currentDeviceId: string | null;
  now?: Date;
};

/** `apps`: the apps their sessions were signed in to, signed out with them. */
export type SignOutStaleDevicesResult = { signedOut: { id: string; name: string }[]; sessionsEnded: number; apps: string[] };

/**
 * The security checkup's "Sign out" of devices not used for 90 days: each is signed out as its card's
 * **Sign out** does (untrust: its sessions end, its trust and "remember me" are forgotten, one
 * DEVICE_UNTRUSTED audit row each — the same statement, server/devices/end-device-sql.ts), all in one
 * transaction. A device used again since the page was read, someone else's or a removed one is left alone.
 */
export async function signOutStaleDevices({
  actor,
  userId,
  deviceIds,
  currentDeviceId,
  now = new Date(),
}: SignOutStaleDevicesInput): Promise<SignOutStaleDevicesResult> {
  assertMayActFor(actor, userId, "User");
  const stale = await findStaleDevices({ userId, deviceIds, currentDeviceId, now });
  if (!stale.length) return { signedOut: [], sessionsEnded: 0, apps: [] };
  const { text, reason, event } = END_DEVICE_SQL.untrust;
  const rows = await db.$transaction(async (tx) => {
    type Row = { id: string; name: string; changed: boolean; ended: number; apps: string[] };
    const done: Row[] = [];
    for (const device of stale) {
      const [row] = await tx.$queryRawUnsafe<Row[]>(
        text,
        device.id,
        userId,
        now.toISOString(),
        reason,
        actor.sessionId ?? null,
        ...auditInsertParams({ actorId: actor.userId, type: event, context: actor.context }),
      );
      if (row) done.push(row);
    }
    return done;
  });
  const sessionsEnded = rows.reduce((n, r) => n + Number(r.ended), 0);
  countRevocations(reason, sessionsEnded);
  const apps = [...new Set(rows.flatMap((r) => r.apps))].sort((a, b) => a.localeCompare(b));
  return { signedOut: rows.filter((r) => r.changed).map(({ id, name }) => ({ id, name })), sessionsEnded, apps };
}
