import type { AdminOverview } from "@/lib/admin";
import { PageSkeleton } from "@/components/ui/page-skeleton";

/** The admin landing page's counts; they stream in (counting every user and session is the slow part). */
export async function AdminOverviewStats({ overview }: { overview: Promise<AdminOverview> }) {
  const o = await overview;
  const stats = [
    ["Users", o.users],
    ["Administrators", o.admins],
    ["Disabled users", o.disabledUsers],
    ["Devices", o.devices],
    ["Active sessions", o.activeSessions],
  ] as const;
  return (
    <dl className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {stats.map(([label, value]) => (
        <div key={label} className="rounded-xl border border-line bg-surface p-4 shadow-sm">
          <dt className="text-sm text-fg-subtle">{label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{value.toLocaleString("en")}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AdminOverviewStatsSkeleton() {
  return (
    <div className="mt-6">
      <PageSkeleton label="Counting users, devices and sessions…" title={false} blocks={["h-22"]} />
    </div>
  );
}
