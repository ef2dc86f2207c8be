import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { isFailure } from "@/lib/activity";
import { describeAuditEvent, type AuditLogItem, type AuditLogPerson } from "@/lib/audit-log";

const personLink = "inline-flex min-h-11 items-center font-medium text-accent underline-offset-2 hover:underline";

/** Linked to their admin page; not prefetched: a page of 50 events can name as many people, each a server render. */
function Person({ label, person }: { label: string; person: AuditLogPerson }) {
  return (
    <span className="min-w-0 wrap-anywhere">
      {label}{" "}
      <Link href={`/admin/users/${person.id}`} prefetch={false} className={personLink}>
        {person.name}
      </Link>{" "}
      {person.email}
    </span>
  );
}

/** Who acted, when it was not the account's owner: an administrator, a server key, or Devicekeeper. */
function doneBy(item: AuditLogItem) {
  if (item.actor) return item.actor.id === item.subject?.id ? null : <Person label="By" person={item.actor} />;
  return <span className="py-3">By {typeof item.detail.via === "string" ? item.detail.via : "Devicekeeper"}</span>;
}

/** Everyone's events, each a sentence naming the people, then whose account, who did it, device, address and time. */
export function AuditLogList({ items }: { items: AuditLogItem[] }) {
  return (
    <ol className="mt-3 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="Audit log">
      {items.map((item) => {
        const failed = isFailure(item.type);
        return (
          <li
            key={item.id}
            data-event-id={item.id}
            data-event-type={item.type}
            data-failed={failed || undefined}
            className={`px-4 pt-3 pb-1 ${failed ? "border-l-4 border-l-red-600 bg-danger-soft/60" : ""}`}
          >
            <p className="text-sm break-words text-fg">
              {describeAuditEvent(item)}
              {item.unusual && (
                <span className="ml-2 inline-block rounded-full bg-warning-muted px-2 py-0.5 text-xs font-medium text-warning-strong">
                  Unusual country
                </span>
              )}
            </p>
            <p className="flex flex-wrap items-center gap-x-4 text-xs text-fg-muted">
              {item.subject ? <Person label="Account" person={item.subject} /> : <span className="py-3">Installation-wide</span>}
              {doneBy(item)}
              {item.deviceName && <span className="break-words">Device: {item.deviceName}</span>}
              {item.ip && (
                <span className="break-all">
                  IP {item.ip}
                  {item.location && ` (near ${item.location})`}
                </span>
              )}
              <RelativeTime iso={item.createdAt} className="whitespace-nowrap" />
            </p>
          </li>
        );
      })}
    </ol>
  );
}
