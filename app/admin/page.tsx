import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/server/auth/session";
import { getAdminOverview } from "@/server/admin/get-admin-overview";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin();
  const o = await getAdminOverview();
  const stats = [
    ["Users", o.users],
    ["Administrators", o.admins],
    ["Disabled users", o.disabledUsers],
    ["Devices", o.devices],
    ["Active sessions", o.activeSessions],
  ] as const;
  return (
    <>
      <h1 className="text-2xl font-semibold">Administration</h1>
      <p className="mt-1 text-sm text-slate-600">
        An overview of the accounts on this Devicekeeper.{" "}
        <Link href="/admin/users" className="font-medium text-indigo-700 hover:underline">
          Find a user
        </Link>{" "}
        to see their devices, reset their second factors or end their sessions. Backends call the{" "}
        <Link href="/docs/api" className="font-medium text-indigo-700 hover:underline">
          server API
        </Link>{" "}
        with a{" "}
        <Link href="/admin/api-keys" className="font-medium text-indigo-700 hover:underline">
          server API key
        </Link>
        ; other apps hear of changes through{" "}
        <Link href="/admin/webhooks" className="font-medium text-indigo-700 hover:underline">
          webhooks
        </Link>
        . The{" "}
        <Link href="/admin/activity" className="font-medium text-indigo-700 hover:underline">
          audit log
        </Link>{" "}
        lists every sign-in and change on every account.
      </p>
      <dl className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {stats.map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
