import type { AuditLogFilter } from "@/lib/audit-log";
import {
  DateRangeFields,
  FilterButtons,
  KindField,
  filterField as field,
  filterLabel as label,
} from "@/components/activity/history-filter-fields";

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
      <KindField value={filter.kind} />
      <DateRangeFields from={filter.from} to={filter.to} />
      <FilterButtons clearHref="/admin/activity" filtered={filtered} />
    </form>
  );
}
