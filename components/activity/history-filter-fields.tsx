import Link from "next/link";
import { ACTIVITY_KINDS } from "@/lib/activity";

/** The filter forms' field style: 44 px, and 16 px text on phones (no zoom on focus). */
export const filterField = "block min-h-11 w-full rounded-md border border-line-strong bg-surface px-3 text-base sm:text-sm";
export const filterLabel = "block text-sm font-medium";

/**
 * The fields a history filter shares — what to show (the kinds of /activity), a date range, and
 * Apply / Clear — for a person's /activity and the administrators' audit log alike.
 */
export function KindField({ value }: { value: string | undefined }) {
  return (
    <div>
      <label htmlFor="kind" className={filterLabel}>
        Show
      </label>
      <select id="kind" name="kind" defaultValue={value ?? ""} className={filterField}>
        <option value="">Everything</option>
        {Object.entries(ACTIVITY_KINDS).map(([kind, k]) => (
          <option key={kind} value={kind}>
            {k.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DateRangeFields({ from, to }: { from: string | undefined; to: string | undefined }) {
  return (
    <>
      <div>
        <label htmlFor="from" className={filterLabel}>
          From
        </label>
        <input id="from" name="from" type="date" defaultValue={from ?? ""} className={filterField} />
      </div>
      <div>
        <label htmlFor="to" className={filterLabel}>
          To
        </label>
        <input id="to" name="to" type="date" defaultValue={to ?? ""} className={filterField} />
      </div>
    </>
  );
}

/** Apply, and Clear (back to the unfiltered page) when something is filtered. */
export function FilterButtons({ clearHref, filtered }: { clearHref: string; filtered: boolean }) {
  return (
    <div className="flex gap-2">
      <button
        type="submit"
        className="inline-flex min-h-11 flex-1 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
      >
        Apply
      </button>
      {filtered && (
        <Link
          href={clearHref}
          className="inline-flex min-h-11 items-center rounded-md border border-line-strong bg-surface px-3 text-sm font-medium hover:bg-canvas"
        >
          Clear
        </Link>
      )}
    </div>
  );
}
