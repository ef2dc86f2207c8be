import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { z } from "zod";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { temporaryAccessCodeMinutes } from "@devicekeeper/server/config";
import { getAdminUser } from "@devicekeeper/server/admin/get-admin-user";
import { getAdminUserDetail } from "@devicekeeper/server/admin/get-admin-user-detail";
import { AdminUserHeader } from "@/components/admin/admin-user-header";
import { AdminUserRecords, AdminUserRecordsSkeleton } from "@/components/admin/admin-user-records";
import { SessionLimitForm } from "@/components/admin/session-limit-form";
import { ConnectedApps } from "@/components/apps/connected-apps";
import { listConnectedApps } from "@devicekeeper/server/oidc/connected-apps";
import { getSecurityCheckup } from "@devicekeeper/server/security/security-checkup";
import { SecurityCheckupView } from "@/components/security/security-checkup-view";
import { adminRemoveAppAccessAction, setSessionLimitAction } from "./actions";
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
  const [apps, checkup] = await Promise.all([listConnectedApps({ actor, userId }), getSecurityCheckup({ actor, userId })]);
  void detail.catch(() => undefined); // its error reaches the page through AdminUserRecords, not as an unhandled rejection

  return (
    <>
      <AdminUserHeader user={user} actions={adminUserActions} />
      <section className="mt-8" aria-labelledby="checkup-h">
        <h2 id="checkup-h" className="text-lg font-semibold">
          Security checkup
        </h2>
        <p className="mb-3 mt-1 text-sm text-fg-muted">
          What {user.name}&apos;s own checkup asks them to do (a &ldquo;was this you?&rdquo; about a new sign-in is not asked on that device
          itself).
        </p>
        <SecurityCheckupView checkup={checkup} whose={user.name} />
      </section>
      <section className="mt-8" aria-labelledby="session-limit-h">
        <h2 id="session-limit-h" className="text-lg font-semibold">
          Session limit
        </h2>
        <p className="mt-1 text-sm text-fg-muted">
          How many devices {user.name} may be signed in on at once; a new sign-in ends the oldest.
        </p>
        <SessionLimitForm userId={user.id} userName={user.name} current={user.maxSessions} action={setSessionLimitAction} />
      </section>
      <section className="mt-8" aria-labelledby="apps-h">
        <h2 id="apps-h" className="text-lg font-semibold">
          Apps
        </h2>
        <p className="mb-3 mt-1 text-sm text-fg-muted">
          Apps {user.name} signed in to with Devicekeeper, and the devices they are signed in on.
        </p>
        <ConnectedApps
          apps={apps}
          remove={adminRemoveAppAccessAction}
          whose={user.name}
          userId={user.id}
          deviceBase={`/admin/users/${user.id}/devices`}
        />
      </section>
      <Suspense fallback={<AdminUserRecordsSkeleton name={user.name} />}>
        <AdminUserRecords
          user={user}
          detail={detail}
          actions={adminUserActions}
          viewerId={session.userId}
          temporaryCodeMinutes={temporaryAccessCodeMinutes()}
        />
      </Suspense>
    </>
  );
}
