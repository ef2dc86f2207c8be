import { RelativeTime } from "@/components/ui/relative-time";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/server/auth/session";
import { listActivity } from "@/server/audit/list-activity";
import { describeActivity } from "@/lib/activity";

export const metadata: Metadata = { title: "Activity" };

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const session = await requireUser();
  const page = pageSchema.parse((await searchParams).page);
  const activity = await listActivity({ userId: session.userId, page });
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";
  return (
    <>
      <h1 className="text-2xl font-semibold">Activity</h1>
      <p className="mt-1 text-sm text-slate-600">Sign-ins and changes to your devices and sessions, newest first.</p>
      {activity.items.length === 0 ? (
        <p className="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          Nothing has happened on your account yet.
        </p>
      ) : (
        <ol className="mt-6 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" aria-label="Security history">
          {activity.items.map((item) => (
            <li
              key={item.id}
              data-event-type={item.type}
              className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:justify-between"
            >
              <p className="text-sm text-slate-900">
                {describeActivity(item)}
                {item.unusual && (
                  <span className="ml-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                    Unusual: first sign-in from this country
                  </span>
                )}
              </p>
              <RelativeTime iso={item.createdAt} className="shrink-0 text-xs text-slate-500" align="right" />
            </li>
          ))}
        </ol>
      )}
      {activity.pageCount > 1 && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2">
          {activity.page > 1 ? (
            <Link href={`/activity?page=${activity.page - 1}`} className={link}>
              Newer
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-slate-600">
            Page {activity.page} of {activity.pageCount}
          </span>
          {activity.page < activity.pageCount ? (
            <Link href={`/activity?page=${activity.page + 1}`} className={link}>
              Older
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
