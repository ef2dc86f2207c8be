import { auditLogHref, type AuditLogFilter } from "@/lib/audit-log";
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
export function AuditLogFilters({
  filter,
  device,
}: {
  filter: AuditLogFilter;
  /** The device of `filter.device`, named; null when no device of that id is on record. */
  device?: { id: string; name: string; deleted: boolean; owner: { id: string; name: string | null; email: string } } | null;
}) {
  const filtered = Object.values(filter).some(Boolean);
  return (
    <form
      method="get"
      action="/admin/activity"
      className="mt-6 grid grid-cols-1 gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3 lg:items-end"
      aria-label="Filter the audit log"
    >
      <PersonField name="actor" label="Done by" hint="Email, name or part of either" value={filter.actor} />
      <PersonField name="subject" label="Account" hint="Whose account it happened to" value={filter.subject} />
      <KindField value={filter.kind} />
      <DateRangeFields from={filter.from} to={filter.to} />
      {filter.device && (
        // From a device's page ("the rest in the audit log"): kept while the other filters change.
        <p className="text-sm text-fg-muted sm:col-span-2 lg:col-span-3">
          <input type="hidden" name="device" value={filter.device} />
          {device ? (
            <>
              Only the events on{" "}
              {device.deleted ? (
                `“${device.name}”`
              ) : (
                <a href={`/admin/users/${device.owner.id}/devices/${device.id}`} className="font-medium text-accent hover:underline">
                  {device.name}
                </a>
              )}
              , {device.deleted ? "a removed device of " : "a device of "}
              {device.owner.name ?? device.owner.email}.
            </>
          ) : (
            "Only the events on one device, which is no longer on record."
          )}{" "}
          <a href={auditLogHref("/admin/activity", { ...filter, device: undefined })} className="font-medium text-accent hover:underline">
            Show every device
          </a>
        </p>
      )}
      <FilterButtons clearHref="/admin/activity" filtered={filtered} />
    </form>
  );
}

/** A person to filter by: free text the server resolves to one account (or offers choices). */
function PersonField({
  name,
  label: text,
  hint: help,
  value,
}: {
  name: "actor" | "subject";
  label: string;
  hint: string;
  value: string | undefined;
}) {
  return (
    <div>
      <label htmlFor={name} className={label}>
        {text}
      </label>
      <p id={`${name}-hint`} className={hint}>
        {help}
      </p>
      <input
        id={name}
        name={name}
        type="text"
        aria-describedby={`${name}-hint`}
        defaultValue={value ?? ""}
        autoComplete="off"
        spellCheck={false}
        className={field}
      />
    </div>
  );
}
