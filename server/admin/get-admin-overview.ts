import "server-only";
import { db } from "@/server/db";

export type AdminOverview = { users: number; admins: number; disabledUsers: number; devices: number; activeSessions: number };

export async function getAdminOverview(): Promise<AdminOverview> {
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
