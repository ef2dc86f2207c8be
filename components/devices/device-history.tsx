import type { ReactNode } from "react";
import { describeActivity, isFailure, type ActivityItem } from "@/lib/activity";
import { RelativeTime } from "@/components/ui/relative-time";

type Props = {
  /** Its latest entries (sign-ins and changes), from the audit log, newest first. */
  items: ActivityItem[];
  /** How many there are in all. */
  total: number;
  /** Whose device it is, as the reader calls them: "You" (the default) or their name (an administrator reading). */
  self?: string;
  /** Where the rest are, when there are more than shown. */
  more?: ReactNode;
};

/** A device's own history, written for its reader; failed attempts highlighted. */
export function DeviceHistory({ items, total, self, more }: Props) {
  return (
    <section className="mt-8" aria-labelledby="device-history-h">
      <h2 id="device-history-h" className="text-lg font-semibold">
        History on this device
      </h2>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">Nothing recorded on this device yet.</p>
      ) : (
        <ol className="mt-3 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="History on this device">
          {items.map((item) => (
            <li
              key={item.id}
              data-event-type={item.type}
              className={`flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:justify-between ${isFailure(item.type) ? "border-l-4 border-l-red-600 bg-danger-soft/60" : ""}`}
            >
              <span className="break-words text-sm text-fg">{describeActivity(item, self)}</span>
              <RelativeTime iso={item.createdAt} className="shrink-0 whitespace-nowrap text-xs text-fg-muted" align="right" />
            </li>
          ))}
        </ol>
      )}
      {total > items.length && more}
    </section>
  );
}
