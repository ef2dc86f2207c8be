import "server-only";
import { db } from "@/server/db";
import type { SecurityOverview } from "@/lib/security";

/** The user's authenticators (names and dates only) and how many recovery codes are left. */
export async function getSecurityOverview(userId: string): Promise<SecurityOverview> {
  const [rows, remaining, total] = await Promise.all([
    db.authenticator.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, name: true, createdAt: true, lastUsedAt: true, device: { select: { name: true, deletedAt: true } } },
    }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    db.recoveryCode.count({ where: { userId } }),
  ]);
  return {
    authenticators: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      deviceName: r.device && !r.device.deletedAt ? r.device.name : null,
    })),
    recoveryCodes: { remaining, total },
  };
}
