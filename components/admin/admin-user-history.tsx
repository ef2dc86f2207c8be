import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeActivity, type ActivityItem } from "@/lib/activity";
import { auditLogHref } from "@/lib/audit-log";

/** A user's latest history, written for the administrator reading it ("Ada Admin reset Carol's authenticator apps"). */
export function AdminUserHistory({ userName, userEmail, items }: { userName: string; userEmail: string; items: ActivityItem[] }) {
  return (
    <section className="mt-8" aria-labelledby="audit-h">
      <h2 id="audit-h" className="text-lg font-semibold">
        History
      </h2>
      <p className="text-sm">
        <Link
          href={auditLogHref("/admin/activity", { subject: userEmail })}
          className="inline-flex min-h-11 items-center font-medium text-accent hover:underline"
        >
          All of {userName}&apos;s history in the audit log
        </Link>
      </p>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">Nothing recorded yet.</p>
      ) : (
        <ol className="mt-1 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="User history">
          {items.map((item) => (
            <li key={item.id} className="flex flex-col gap-1 px-4 py-2 text-sm sm:flex-row sm:justify-between">
              <span className="break-words">
                {describeActivity(item, userName)}
                {item.unusual && (
                  <span className="ml-2 inline-block rounded-full bg-warning-muted px-2 py-0.5 text-xs font-medium text-warning-strong">
                    Unusual country
                  </span>
                )}
              </span>
              <RelativeTime iso={item.createdAt} className="text-xs text-fg-subtle" align="right" />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
