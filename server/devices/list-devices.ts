import "server-only";
import { db } from "@/server/db";
import type { DeviceSummary } from "@/lib/devices";
import { deviceSummarySelect, toDeviceSummary } from "@/server/devices/to-device-summary";

export type ListDevicesInput = { userId: string; currentDeviceId: string | null; currentSessionId?: string | null };

/** The user's devices that are not deleted, most recently active first, each with its sessions. */
export async function listDevices({ userId, currentDeviceId, currentSessionId = null }: ListDevicesInput): Promise<DeviceSummary[]> {
  const rows = await db.device.findMany({
    where: { userId, deletedAt: null },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    select: deviceSummarySelect,
  });
  const now = new Date();
  return rows.map((r) => toDeviceSummary(r, { deviceId: currentDeviceId, sessionId: currentSessionId }, now));
}
