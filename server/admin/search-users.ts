import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/admin/assert-admin";
import type { AdminUserSearch } from "@/lib/admin";

export const ADMIN_PAGE_SIZE = 25;

/** Users whose email or name contains the query (case-insensitive), with what an admin triages by. */
export async function searchUsers({ actor, query, page }: { actor: Actor; query: string; page: number }): Promise<AdminUserSearch> {
  assertAdmin(actor);
  const q = query.trim().slice(0, 100);
  const where = q ? { OR: [{ email: { contains: q, mode: "insensitive" as const } }, { name: { contains: q, mode: "insensitive" as const } }] } : {};
  const total = await db.user.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const users = await db.user.findMany({
    where,
    orderBy: [{ email: "asc" }],
    skip: (current - 1) * ADMIN_PAGE_SIZE,
    take: ADMIN_PAGE_SIZE,
    select: {
      id: true, email: true, name: true, role: true, disabledAt: true,
      _count: { select: { devices: { where: { deletedAt: null } } } },
      authenticators: { select: { kind: true } },
      devices: { where: { deletedAt: null }, select: { lastSeenAt: true }, orderBy: { lastSeenAt: { sort: "desc", nulls: "last" } }, take: 1 },
    },
  });
  return {
    query: q,
    total,
    page: current,
    pageCount,
    rows: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      disabled: !!u.disabledAt,
      deviceCount: u._count.devices,
      mfa: [...new Set(u.authenticators.map((a) => a.kind))],
      lastActiveAt: u.devices[0]?.lastSeenAt?.toISOString() ?? null,
    })),
  };
}
