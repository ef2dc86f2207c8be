import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { getAdminOverview } from "@devicekeeper/server/admin/get-admin-overview";
import { AdminOverviewStats, AdminOverviewStatsSkeleton } from "@/components/admin/admin-overview-stats";

export const metadata: Metadata = { title: "Admin" };

// No loading.tsx above the admin pages (a 404 for non-admins must be decided before anything
// streams): the check runs first, then only the counts stream in behind a skeleton.
export default async function AdminPage() {
  const session = await requireAdmin();
  const overview = getAdminOverview({ actor: { userId: session.userId, role: session.role, context: await getRequestContext() } });
  void overview.catch(() => undefined); // its error reaches the page through AdminOverviewStats, not as an unhandled rejection
  const link = "font-medium text-accent hover:underline";
  return (
    <>
      <h1 className="text-2xl font-semibold">Administration</h1>
      <p className="mt-1 text-sm text-fg-muted">
        An overview of the accounts on this Devicekeeper.{" "}
        <Link href="/admin/users" className={link}>
          Find a user
        </Link>{" "}
        to see their devices, reset their second factors or end their sessions. Backends call the{" "}
        <Link href="/docs/api" className={link}>
          server API
        </Link>{" "}
        with a{" "}
        <Link href="/admin/api-keys" className={link}>
          server API key
        </Link>
        ; other apps hear of changes through{" "}
        <Link href="/admin/webhooks" className={link}>
          webhooks
        </Link>
        , and{" "}
        <Link href="/admin/apps" className={link}>
          apps
        </Link>{" "}
        sign their users in with Devicekeeper. The{" "}
        <Link href="/admin/activity" className="font-medium text-accent hover:underline">
          audit log
        </Link>{" "}
        lists every sign-in and change on every account.
      </p>
      <Suspense fallback={<AdminOverviewStatsSkeleton />}>
        <AdminOverviewStats overview={overview} />
      </Suspense>
    </>
  );
}
