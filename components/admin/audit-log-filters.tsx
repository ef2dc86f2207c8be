import Link from "next/link";
import { ACTIVITY_KINDS } from "@/lib/activity";
import type { AuditLogFilter } from "@/lib/audit-log";

const field = "block min-h-11 w-full rounded-md border border-line-strong bg-surface px-3 text-base sm:text-sm";
const label = "block text-sm font-medium";
const hint = "text-xs text-fg-muted";

/**
 * A plain GET form: the filters live in the URL (a view can be bookmarked or sent to a colleague),
 * and submitting it starts again from the newest events.
 */
export function AuditLogFilters({ filter }: { filter: AuditLogFilter }) {
  const filtered = Object.values(filter).some(Boolean);
  return (
    <form
      method="get"
      action="/admin/activity"
      className="mt-6 grid grid-cols-1 gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3 lg:items-end"
      aria-label="Filter the audit log"
    >
      <div>
        <label htmlFor="actor" className={label}>
          Done by
        </label>
        <p id="actor-hint" className={hint}>
          Email, name or part of either
        </p>
        <input
          id="actor"
          name="actor"
          type="text"
          aria-describedby="actor-hint"
          defaultValue={filter.actor ?? ""}
          autoComplete="off"
          spellCheck={false}
          className={field}
        />
      </div>
      <div>
        <label htmlFor="subject" className={label}>
          Account
        </label>
        <p id="subject-hint" className={hint}>
          Whose account it happened to
        </p>
        <input
          id="subject"
          name="subject"
          type="text"
          aria-describedby="subject-hint"
          defaultValue={filter.subject ?? ""}
          autoComplete="off"
          spellCheck={false}
          className={field}
        />
      </div>
      <div>
        <label htmlFor="kind" className={label}>
          Show
        </label>
        <select id="kind" name="kind" defaultValue={filter.kind ?? ""} className={field}>
          <option value="">Everything</option>
          {Object.entries(ACTIVITY_KINDS).map(([value, k]) => (
            <option key={value} value={value}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="from" className={label}>
          From
        </label>
        <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} className={field} />
      </div>
      <div>
        <label htmlFor="to" className={label}>
          To
        </label>
        <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} className={field} />
      </div>
      <div className="flex gap-2">
        <button
          type="submit"
          className="inline-flex min-h-11 flex-1 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Apply
        </button>
        {filtered && (
          <Link
            href="/admin/activity"
            className="inline-flex min-h-11 items-center rounded-md border border-line-strong bg-surface px-3 text-sm font-medium hover:bg-canvas"
          >
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
