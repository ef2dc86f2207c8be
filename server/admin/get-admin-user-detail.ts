import "server-only";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { listDevices } from "@/server/devices/list-devices";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import { listActivity } from "@/server/audit/list-activity";
import { listApiTokens } from "@/server/api-tokens/list-api-tokens";
import type { AdminUserDetail } from "@/lib/admin";

/**
 * What the admin user page lists below the user's name (read by getAdminUser first, which also
 * decides the 404): their devices, second factors, recovery codes, history and tokens, at once.
 */
export async function getAdminUserDetail({ actor, userId }: { actor: Actor; userId: string }): Promise<AdminUserDetail> {
  assertAdmin(actor);
  const [devices, security, activity, apiTokens] = await Promise.all([
    listDevices({ userId, currentDeviceId: null }),
    getSecurityOverview(userId),
    listActivity({ userId, page: 1 }),
    listApiTokens({ kind: "PERSONAL", userId }),
  ]);
  return {
    devices,
    security,
    activity: activity.items,
    apiTokens,
  };
}
