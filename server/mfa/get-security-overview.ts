import "server-only";
import { db } from "@/server/db/client";
import type { SecurityOverview } from "@/lib/security";
import { isPushReachable } from "@/server/mfa/push-sign-in";
import { liveTemporaryAccessCode } from "@/server/mfa/temporary-access-code";

/** The user's authenticators (names and dates only), how many recovery codes are left, their skip option and any live temporary access code. */
export async function getSecurityOverview(userId: string): Promise<SecurityOverview> {
  const [user, rows, remaining, total, temporaryCode] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { mfaSkip: true } }),
    db.authenticator.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        kind: true,
        name: true,
        createdAt: true,
        lastUsedAt: true,
        pushTokenEnc: true,
        platformDeviceId: true,
        device: { select: { name: true, deletedAt: true } },
      },
    }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    db.recoveryCode.count({ where: { userId } }),
    liveTemporaryAccessCode(db, userId),
  ]);
  return {
    authenticators: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
      deviceName: r.device && !r.device.deletedAt ? r.device.name : null,
      pushReachable: isPushReachable(r),
    })),
    recoveryCodes: { remaining, total },
    mfaSkip: user.mfaSkip,
    temporaryAccessCode: temporaryCode && {
      createdAt: temporaryCode.createdAt.toISOString(),
      expiresAt: temporaryCode.expiresAt.toISOString(),
      issuedBy: temporaryCode.createdBy?.name ?? null,
    },
  };
}
