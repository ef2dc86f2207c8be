import "server-only";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import type { AdminUser } from "@/lib/admin";

/** A user as the admin pages name them; null when there is no such user. One read by primary key. */
export async function getAdminUser({ actor, userId }: { actor: Actor; userId: string }): Promise<AdminUser | null> {
  assertAdmin(actor);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, mfaSkip: true, maxSessions: true, createdAt: true },
  });
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: !!user.disabledAt,
    mfaSkip: user.mfaSkip,
    maxSessions: user.maxSessions,
    createdAt: user.createdAt.toISOString(),
  };
}
