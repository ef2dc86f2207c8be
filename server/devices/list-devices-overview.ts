import "server-only";
import { db } from "@/server/db";
import type { SettingsDevice } from "@/lib/api/schemas";

/**
 * Seed 003's list: the user's devices (not deleted), most recently active first, with a count of
 * live sessions instead of the sessions themselves — one query, for API clients that poll it.
 */
export async function listDevicesOverview({ userId, currentDeviceId, now = new Date() }: { userId: string; currentDeviceId: string | null; now?: Date }): Promise<SettingsDevice[]> {
  const rows = await db.device.findMany({
    where: { userId, deletedAt: null },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    select: {
      id: true, name: true, type: true, os: true, browser: true, lastIp: true, createdAt: true, lastSeenAt: true, trustedAt: true, rememberedUntil: true,
      _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
    },
  });
  return rows.map((d) => ({
    deviceId: d.id, name: d.name, type: d.type, os: d.os, browser: d.browser, lastIp: d.lastIp,
    createdAt: d.createdAt.toISOString(), lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
    trusted: !!d.trustedAt || (!!d.rememberedUntil && d.rememberedUntil > now),
    activeSessions: d._count.sessions, current: d.id === currentDeviceId,
  }));
}
