import "server-only";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { getAdminUser } from "@/server/admin/get-admin-user";
import { listDevices } from "@/server/devices/list-devices";
import { getSecurityOverview } from "@/server/mfa/get-security-overview";
import type { AdminDevice } from "@/lib/admin";

/**
 * One device of a user, for its admin page, and the user's second factors: null when the user
 * does not exist, or the device is not theirs or was removed (the user id and the device id are
 * both in the where).
 */
export async function getAdminDevice({
  actor,
  userId,
  deviceId,
}: {
  actor: Actor;
  userId: string;
  deviceId: string;
}): Promise<AdminDevice | null> {
  assertAdmin(actor);
  const [user, [device]] = await Promise.all([getAdminUser({ actor, userId }), listDevices({ userId, currentDeviceId: null, deviceId })]);
  if (!user || !device) return null;
  return { user, device, security: await getSecurityOverview(userId) };
}
