import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@devicekeeper/server/auth/session";
import { activityDevices, listActivity } from "@devicekeeper/server/audit/list-activity";
import { describeActivity, isFailure } from "@/lib/activity";
import { activityFilterSchema, type ActivityFilter } from "@/lib/validation/activity";
import { distinctDeviceLabels } from "@/lib/devices";
import { formatDay } from "@/lib/format";
import { RelativeTime } from "@/components/ui/relative-time";
import { ActivityIcon } from "@/components/ui/icons";
import { UnusualSignInHelp } from "@/components/activity/unusual-sign-in-help";
import { signOutOtherDevicesAction } from "@/app/(dashboard)/devices/actions";
import { FiltersDisclosure } from "@/components/activity/filters-disclosure";
import { DateRangeFields, FilterButtons, KindField, filterField, filterLabel } from "@/components/activity/history-filter-fields";

export const metadata: Metadata = { title: "Activity" };

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** The URL of this page with these filters (and page): what the form, the pages and the download share. */
function hrefOf(base: string, filter: ActivityFilter, page?: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  if (page && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const session = await requireUser();
  const params = await searchParams;
  const filter = activityFilterSchema.parse(params);
  const page = pageSchema.parse(params.page);
  // The form sends its empty fields too (?device=&to=): answer with the tidy URL of the same view.
  if (Object.values(params).some((v) => v === "")) redirect(hrefOf("/activity", filter, page));
  const [activity, devices] = await Promise.all([listActivity({ userId: session.userId, page, filter }), activityDevices(session.userId)]);
  // Two devices named alike ("Chrome on Linux") are told apart by the day each was first seen.
  const labels = distinctDeviceLabels(devices.map((d) => ({ ...d, firstSeen: formatDay(d.createdAt) })));
  const filtered = Object.values(filter).some(Boolean);
  const link = "inline-flex min-h-11 items-center rounded-md border border-line-strong bg-surface px-3 text-sm font-medium hover:bg-canvas";
  return (
    <>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Activity</h1>
          <p className="mt-1 text-sm text-fg-muted">Sign-ins and changes to your account, newest first.</p>
        </div>
        <a href={hrefOf("/activity/export", filter)} className={link} download>
          Download CSV
        </a>
      </div>

      {/* A plain GET form: the filters live in the URL, so a filtered view can be bookmarked or shared with yourself.
          Folded on a phone, so the history is on the first screen. */}
      <FiltersDisclosure active={Object.values(filter).filter(Boolean).length}>
        <form
          method="get"
          action="/activity"
          className="grid grid-cols-1 gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
          aria-label="Filter your history"
        >
          <KindField value={filter.kind} />
          <div>
            <label htmlFor="device" className={filterLabel}>
              Device
            </label>
            <select id="device" name="device" defaultValue={filter.device ?? ""} className={filterField}>
              <option value="">Any device</option>
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {labels.get(d.id)}
                  {d.deleted ? " (removed)" : ""}
                </option>
              ))}
            </select>
          </div>
          <DateRangeFields from={filter.from} to={filter.to} />
          <FilterButtons clearHref="/activity" filtered={filtered} />
        </form>
      </FiltersDisclosure>

      <p className="mt-4 text-sm text-fg-muted" role="status">
        {activity.total === 1 ? "1 entry" : `${activity.total.toLocaleString("en")} entries`}
        {filtered ? (activity.total === 1 ? " matches these filters." : " match these filters.") : "."}
      </p>
      {activity.items.length === 0 ? (
        <p className="mt-3 rounded-xl border border-dashed border-line-strong bg-surface p-8 text-center text-fg-muted">
          {filtered ? "Nothing matches these filters." : "Nothing has happened on your account yet."}
        </p>
      ) : (
        <ol className="mt-3 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="Security history">
          {activity.items.map((item) => {
            const failed = isFailure(item.type);
            return (
              <li
                key={item.id}
                data-event-type={item.type}
                data-failed={failed || undefined}
                className={`flex gap-3 px-4 py-3 ${failed ? "border-l-4 border-l-red-600 bg-danger-soft/60" : ""}`}
              >
                <span className="mt-0.5 shrink-0 text-fg-subtle" aria-hidden="true">
                  <ActivityIcon by={item.by} deviceType={item.deviceType} className="size-5" />
                </span>
                <div className="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
                  <div className="text-sm text-fg">
                    {describeActivity(item)}
                    {item.unusual && (
                      <span className="ml-2 inline-block rounded-full bg-warning-muted px-2 py-0.5 text-xs font-medium text-warning-strong">
                        Unusual: first sign-in from this country
                      </span>
                    )}
                    {/* Not "Wasn't you?" for a sign-in on the device in hand: it is this one. */}
                    {item.deviceId &&
                      (item.type === "SIGN_IN_FAILED" || (item.type === "SIGN_IN" && item.deviceId !== session.deviceId)) && (
                        <span className="ml-2 whitespace-nowrap">
                          <Link
                            href={`/devices/${item.deviceId}`}
                            prefetch={false}
                            className="font-medium text-accent underline-offset-2 hover:underline"
                          >
                            {item.type === "SIGN_IN" ? "Wasn't you?" : "See the device"}
                            <span className="sr-only"> {item.deviceName}</span>
                          </Link>
                        </span>
                      )}
                    {/* Its device was removed since: no page to review, but what still helps. */}
                    {item.unusual && item.type === "SIGN_IN" && !item.deviceId && (
                      <UnusualSignInHelp deviceName={item.deviceName} signOutOthers={signOutOtherDevicesAction} />
                    )}
                  </div>
                  <RelativeTime iso={item.createdAt} className="shrink-0 whitespace-nowrap text-xs text-fg-muted" align="right" />
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {activity.pageCount > 1 && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2">
          {activity.page > 1 ? (
            <Link href={hrefOf("/activity", filter, activity.page - 1)} className={link}>
              Newer
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-fg-muted">
            Page {activity.page} of {activity.pageCount}
          </span>
          {activity.page < activity.pageCount ? (
            <Link href={hrefOf("/activity", filter, activity.page + 1)} className={link}>
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
