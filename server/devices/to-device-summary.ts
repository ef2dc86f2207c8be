import "server-only";
import type { DeviceSummary } from "@/lib/devices";

type DeviceRow = {
  id: string;
  name: string;
  type: DeviceSummary["type"];
  os: string | null;
  browser: string | null;
  lastIp: string | null;
  createdAt: Date;
  authenticatedAt: Date | null;
  lastSeenAt: Date | null;
  trustedAt: Date | null;
  rememberedUntil: Date | null;
  invalidatedAt: Date | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toDeviceSummary(row: DeviceRow, activeSessionCount: number, currentDeviceId: string | null): DeviceSummary {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    os: row.os,
    browser: row.browser,
    lastIp: row.lastIp,
    createdAt: row.createdAt.toISOString(),
    authenticatedAt: iso(row.authenticatedAt),
    lastSeenAt: iso(row.lastSeenAt),
    trustedAt: iso(row.trustedAt),
    rememberedUntil: iso(row.rememberedUntil),
    invalidatedAt: iso(row.invalidatedAt),
    activeSessionCount,
    isCurrent: row.id === currentDeviceId,
  };
}

export const deviceSummarySelect = {
  id: true,
  name: true,
  type: true,
  os: true,
  browser: true,
  lastIp: true,
  createdAt: true,
  authenticatedAt: true,
  lastSeenAt: true,
  trustedAt: true,
  rememberedUntil: true,
  invalidatedAt: true,
} as const;
