import "server-only";
import { db } from "@/server/db/client";
import { locate } from "@/server/location/locate";
import { ACTIVITY_KINDS, activityDateRange, type ActivityItem, type ActivityPage } from "@/lib/activity";
import type { ActivityFilter } from "@/lib/validation/activity";
import type { Prisma } from "@/prisma/generated/client";

export const ACTIVITY_PAGE_SIZE = 20;
/** At most this many rows in one CSV download (over a year of an active account's history). */
export const ACTIVITY_EXPORT_LIMIT = 10_000;

export type ListActivityInput = { userId: string; page: number; filter?: ActivityFilter };

/** The filters as a Prisma `where`, always within the user's own history. Dates are whole UTC days, both ends included. */
function whereOf(userId: string, filter: ActivityFilter = {}): Prisma.AuditEventWhereInput {
  const createdAt: Prisma.DateTimeFilter = activityDateRange(filter);
  const kind = filter.kind ? ACTIVITY_KINDS[filter.kind] : null;
  return {
    userId,
    ...(filter.kind === "admin" ? { actorId: { not: userId } } : {}),
    ...(kind && kind.types.length ? { type: { in: [...kind.types] } } : {}),
    ...(filter.device ? { deviceId: filter.device } : {}),
    ...(filter.from || filter.to ? { createdAt } : {}),
  };
}

/** What an activity line reads of an audit row (server/admin/list-audit-log.ts reads more). */
export const activitySelect = {
  id: true,
  type: true,
  createdAt: true,
  ip: true,
  actorId: true,
  deviceId: true,
  detail: true,
  device: { select: { name: true, type: true, deletedAt: true } },
  actor: { select: { name: true } },
} as const;

/** An audit row as a line of `userId`'s history (null: an installation-wide event, nobody's own). */
export function toActivityItem(userId: string | null, r: Prisma.AuditEventGetPayload<{ select: typeof activitySelect }>): ActivityItem {
  const detail = (r.detail && typeof r.detail === "object" && !Array.isArray(r.detail) ? r.detail : {}) as Record<string, unknown>;
  return {
    id: r.id,
    type: r.type,
    createdAt: r.createdAt.toISOString(),
    ip: r.ip,
    location: typeof detail.location === "string" ? detail.location : (locate(r.ip)?.label ?? null),
    unusual: detail.unusualCountry === true,
    by: r.actorId !== null && r.actorId === userId ? "you" : r.actorId || typeof detail.via === "string" ? "an administrator" : "system",
    actorName: r.actorId && r.actorId !== userId ? (r.actor?.name ?? null) : null,
    // The name the device had when it happened, else its current one.
    deviceName: typeof detail.deviceName === "string" ? detail.deviceName : (r.device?.name ?? null),
    deviceId: r.device && !r.device.deletedAt ? r.deviceId : null,
    deviceType: r.device?.type ?? null,
    detail,
  };
}

/** The user's own security history, newest first, a page at a time, filtered. */
export async function listActivity({ userId, page, filter }: ListActivityInput): Promise<ActivityPage> {
  const where = whereOf(userId, filter);
  const total = await db.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * ACTIVITY_PAGE_SIZE,
    take: ACTIVITY_PAGE_SIZE,
    select: activitySelect,
  });
  return { items: rows.map((r) => toActivityItem(userId, r)), page: current, pageCount, total };
}

/** Every matching entry (up to ACTIVITY_EXPORT_LIMIT), newest first, for the CSV download. */
export async function exportActivity({ userId, filter }: { userId: string; filter?: ActivityFilter }): Promise<ActivityItem[]> {
  const rows = await db.auditEvent.findMany({
    where: whereOf(userId, filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: ACTIVITY_EXPORT_LIMIT,
    select: activitySelect,
  });
  return rows.map((r) => toActivityItem(userId, r));
}

/** The user's devices, for the device filter (deleted ones too: their history stays). */
export async function activityDevices(userId: string): Promise<{ id: string; name: string; deleted: boolean; createdAt: Date }[]> {
  const rows = await db.device.findMany({
    where: { userId },
    orderBy: [{ deletedAt: { sort: "asc", nulls: "first" } }, { lastSeenAt: { sort: "desc", nulls: "last" } }],
    select: { id: true, name: true, deletedAt: true, createdAt: true },
  });
  return rows.map((d) => ({ id: d.id, name: d.name, deleted: !!d.deletedAt, createdAt: d.createdAt }));
}
