import "server-only";
import type { Actor } from "@/server/audit/actor";

/** What untrust, invalidate and delete take: who acts, whose device, which one. */
export type DeviceOperationInput = { actor: Actor; userId: string; deviceId: string };

/**
 * What ending a device (or sessions) answers; `endedCurrentSession` when the caller's own session
 * was one of them, `apps` the apps those sessions were signed in to, by name.
 */
export type DeviceOperationResult = { changed: boolean; sessionsEnded: number; endedCurrentSession: boolean; apps: string[] };

/** Invalidated and not signed in again since. */
export const isInvalidated = (d: { invalidatedAt: Date | null; reestablishedAt: Date | null }) =>
  !!d.invalidatedAt && (!d.reestablishedAt || d.reestablishedAt < d.invalidatedAt);

/** isInvalidated in SQL, over the device aliased `d`. */
export const IS_INVALIDATED_SQL = `d."invalidatedAt" IS NOT NULL AND (d."reestablishedAt" IS NULL OR d."reestablishedAt" < d."invalidatedAt")`;

/** Marked as lost and not signed in again since. */
export const isMarkedLost = (d: { lostAt: Date | null; reestablishedAt: Date | null }) =>
  !!d.lostAt && (!d.reestablishedAt || d.reestablishedAt < d.lostAt);

/** isMarkedLost in SQL, over the device aliased `d`. */
export const IS_MARKED_LOST_SQL = `d."lostAt" IS NOT NULL AND (d."reestablishedAt" IS NULL OR d."reestablishedAt" < d."lostAt")`;
