import "server-only";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import type { AdminOverview } from "@/lib/admin";

/** The counts on the admin landing page. */
export async function getAdminOverview({ actor }: { actor: Actor }): Promise<AdminOverview> {
  assertAdmin(actor);
  const now = new Date();
  const [users, admins, disabledUsers, devices, activeSessions] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { role: "ADMIN" } }),
    db.user.count({ where: { disabledAt: { not: null } } }),
    db.device.count({ where: { deletedAt: null } }),
    db.session.count({ where: { revokedAt: null, expiresAt: { gt: now } } }),
  ]);
  return { users, admins, disabledUsers, devices, activeSessions };
}
