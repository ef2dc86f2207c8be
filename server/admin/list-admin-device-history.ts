import "server-only";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { listActivity } from "@/server/audit/list-activity";
import type { AdminDeviceHistory } from "@/lib/admin";

/** The latest history entries on one device of a user (its sign-ins and the changes made to it), for an administrator. */
export async function listAdminDeviceHistory({
  actor,
  userId,
  deviceId,
}: {
  actor: Actor;
  userId: string;
  deviceId: string;
}): Promise<AdminDeviceHistory> {
  assertAdmin(actor);
  const { items, total } = await listActivity({ userId, page: 1, filter: { device: deviceId } });
  return { items, total };
}
