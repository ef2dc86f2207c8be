import "server-only";
import { db } from "@/server/db";
import { locate } from "@/server/location/locate";
import type { ActivityItem, ActivityPage } from "@/lib/activity";

export const ACTIVITY_PAGE_SIZE = 20;

export type ListActivityInput = { userId: string; page: number };

/** The user's own security history, newest first, a page at a time. */
export async function listActivity({ userId, page }: ListActivityInput): Promise<ActivityPage> {
  const total = await db.auditEvent.count({ where: { userId } });
  const pageCount = Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const rows = await db.auditEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * ACTIVITY_PAGE_SIZE,
    take: ACTIVITY_PAGE_SIZE,
    select: { id: true, type: true, createdAt: true, ip: true, actorId: true, detail: true, device: { select: { name: true } } },
  });
  const items: ActivityItem[] = rows.map((r) => {
    const detail = (r.detail && typeof r.detail === "object" && !Array.isArray(r.detail) ? r.detail : {}) as Record<string, unknown>;
    return {
      id: r.id,
      type: r.type,
      createdAt: r.createdAt.toISOString(),
      ip: r.ip,
      location: typeof detail.location === "string" ? detail.location : (locate(r.ip)?.label ?? null),
      unusual: detail.unusualCountry === true,
      by: r.actorId === userId ? "you" : r.actorId || typeof detail.via === "string" ? "an administrator" : "system",
      // The name the device had when it happened, else its current one.
      deviceName: typeof detail.deviceName === "string" ? detail.deviceName : (r.device?.name ?? null),
      detail,
    };
  });
  return { items, page: current, pageCount, total };
}
