import "server-only";
import { db } from "@/server/db";
import type { DeviceSummary } from "@/lib/devices";
import { deviceSummarySelect, toDeviceSummary } from "@/server/devices/to-device-summary";

export type ListDevicesInput = { userId: string; currentDeviceId: string | null };

/** The user's devices that are not deleted, most recently active first, with live session counts. */
export async function listDevices({ userId, currentDeviceId }: ListDevicesInput): Promise<DeviceSummary[]> {
  const now = new Date();
  const rows = await db.device.findMany({
    where: { userId, deletedAt: null },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    select: {
      ...deviceSummarySelect,
      _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
    },
  });
  return rows.map((r) => toDeviceSummary(r, r._count.sessions, currentDeviceId));
}
