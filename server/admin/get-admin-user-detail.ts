import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/admin/assert-admin";
import { listDevices } from "@/server/devices/list-devices";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { listActivity } from "@/server/audit/list-activity";
import { listApiTokens } from "@/server/api-tokens/list-api-tokens";
import type { AdminUserDetail } from "@/lib/admin";

/** Everything the admin user page shows; null when the user does not exist. */
export async function getAdminUserDetail({ actor, userId }: { actor: Actor; userId: string }): Promise<AdminUserDetail | null> {
  assertAdmin(actor);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, mfaSkip: true, maxSessions: true, createdAt: true },
  });
  if (!user) return null;
  const [devices, security, activity, apiTokens] = await Promise.all([
    listDevices({ userId, currentDeviceId: null }),
    getSecurityOverview(userId),
    listActivity({ userId, page: 1 }),
    listApiTokens({ kind: "PERSONAL", userId }),
  ]);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      disabled: !!user.disabledAt,
      mfaSkip: user.mfaSkip,
      maxSessions: user.maxSessions,
      createdAt: user.createdAt.toISOString(),
    },
    devices,
    authenticators: security.authenticators,
    recoveryCodes: security.recoveryCodes,
    activity: activity.items,
    apiTokens,
  };
}
