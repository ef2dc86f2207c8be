import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { requireAdmin } from "@/server/auth/session";
import { getRequestContext } from "@/server/request-context";
import { getAdminUser } from "@/server/admin/get-admin-user";
import { getAdminUserDetail } from "@/server/admin/get-admin-user-detail";
import { AdminUserHeader } from "@/components/admin/admin-user-header";
import { AdminUserRecords, AdminUserRecordsSkeleton } from "@/components/admin/admin-user-records";
import { SessionLimitForm } from "@/components/admin/session-limit-form";
import { setSessionLimitAction } from "./actions";
import { adminUserActions } from "./admin-user-actions";

export const metadata: Metadata = { title: "User" };

// No loading.tsx above this page: it would send a 200 before notFound() could answer 404. The
// checks run first; only the lists below the name stream in behind a skeleton (Suspense).
export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const session = await requireAdmin();
  const { userId } = await params;
  if (!z.uuid().safeParse(userId).success) notFound();
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  const user = await getAdminUser({ actor, userId });
  if (!user) notFound();
  const detail = getAdminUserDetail({ actor, userId });
  void detail.catch(() => undefined); // its error reaches the page through AdminUserRecords, not as an unhandled rejection

  return (
    <>
      <AdminUserHeader user={user} actions={adminUserActions} />
      <section className="mt-8" aria-labelledby="session-limit-h">
        <h2 id="session-limit-h" className="text-lg font-semibold">
          Session limit
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          How many devices {user.name} may be signed in on at once; a new sign-in ends the oldest.
        </p>
        <SessionLimitForm userId={user.id} userName={user.name} current={user.maxSessions} action={setSessionLimitAction} />
      </section>
      <Suspense fallback={<AdminUserRecordsSkeleton name={user.name} />}>
        <AdminUserRecords user={user} detail={detail} actions={adminUserActions} />
      </Suspense>
    </>
  );
}
