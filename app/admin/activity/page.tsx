import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { notFound, redirect } from "next/navigation";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { auditLogDevice, listAuditLog } from "@devicekeeper/server/admin/list-audit-log";
import { AuditLogFilters } from "@/components/admin/audit-log-filters";
import { AuditLogList } from "@/components/admin/audit-log-list";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { auditCursorSchema, auditLogFilterSchema, auditLogHref, type AuditLogFilter, type PersonMatch } from "@/lib/audit-log";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Audit log" };

const cursorParam = auditCursorSchema.optional();
const button = "inline-flex min-h-11 items-center rounded-md border border-line-strong bg-surface px-3 text-sm font-medium hover:bg-canvas";
const FIELD = { actor: "Done by", subject: "Account" } as const;

/** Why a person field filters nothing in: no account matches it, or several do (offered to choose from). */
function PersonNote({
  field,
  text,
  match,
  filter,
}: {
  field: "actor" | "subject";
  text: string;
  match: Exclude<PersonMatch, { status: "found" }>;
  filter: AuditLogFilter;
}) {
  if (match.status === "none") return <p>{`${FIELD[field]}: no account matches “${text}”.`}</p>;
  return (
    <div>
      <p>
        {`${FIELD[field]}: “${text}” matches more than one account. Choose one`}
        {match.more ? ` of the first ${match.candidates.length}, or type more of the email or name:` : ":"}
      </p>
      <ul className="mt-1 flex flex-wrap gap-2">
        {match.candidates.map((c) => (
          <li key={c.id}>
            <Link href={auditLogHref("/admin/activity", { ...filter, [field]: c.email })} className={button}>
              {c.name} ({c.email})
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default async function AdminActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireAdmin();
  const params = await searchParams;
  const filter = auditLogFilterSchema.parse(params);
  const raw = {
    after: typeof params.after === "string" ? params.after : undefined,
    before: typeof params.before === "string" ? params.before : undefined,
  };
  // The form sends its empty fields too (?actor=&to=), and an edited link may carry a value that is
  // no filter (?kind=nonsense, which filters nothing): answer with the tidy URL of the same view.
  const dropped = (["kind", "device", "from", "to"] as const).some((k) => typeof params[k] === "string" && !filter[k]);
  if (dropped || Object.values(params).some((v) => typeof v === "string" && v.trim() === ""))
    redirect(auditLogHref("/admin/activity", filter, raw));
  // Cursors come from this page's own links: an edited one names no page of the log.
  const after = cursorParam.safeParse(params.after);
  const before = cursorParam.safeParse(params.before);
  if (!after.success || !before.success || (after.data && before.data)) notFound();
  const actor = { userId: session.userId, role: session.role, context: await getRequestContext() };
  const device = filter.device ? await auditLogDevice({ actor, deviceId: filter.device }) : null;

  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 text-sm text-fg-muted">Sign-ins and changes on every account, newest first.</p>
        </div>
        <a href={auditLogHref("/admin/activity/export", filter)} className={button} download>
          Download CSV
          <span className="sr-only"> of these events (at most the newest 10,000)</span>
        </a>
      </div>

      <AuditLogFilters filter={filter} device={device} />

      {/* The heading, the filters and the CSV link show at once (a bad cursor is a 404 decided above); the events stream in. */}
      <Suspense
        key={JSON.stringify([filter, raw])}
        fallback={<PageSkeleton label="Loading the audit log…" blocks={["h-12", "h-24", "h-24", "h-24"]} title={false} />}
      >
        <AuditLogResults actor={actor} filter={filter} after={after.data ?? null} before={before.data ?? null} />
      </Suspense>
    </>
  );
}

/** The events of one page of the log, with what the filters were understood as, and the page links. */
async function AuditLogResults({ actor, filter, after, before }: Parameters<typeof listAuditLog>[0]) {
  const log = await listAuditLog({ actor, filter, after, before });
  const filtered = Object.values(filter).some(Boolean);
  const backwards = !!filter.from && !!filter.to && filter.from > filter.to;
  const n = log.items.length;
  const people = (["actor", "subject"] as const).flatMap((field) => {
    const match = log.people[field];
    // An exact match needs no note: only "no account" and "more than one" are said (an empty box was shown).
    return match && match.status !== "found" && filter[field] ? [{ field, match, text: filter[field] }] : [];
  });
  return (
    <>
      {people.length > 0 && (
        <div className="mt-4 space-y-2 rounded-xl border border-warning-line bg-warning-soft p-4 text-sm text-warning-strong">
          {people.map((p) => (
            <PersonNote key={p.field} filter={filter} {...p} />
          ))}
        </div>
      )}
      {/* Read out after each filter or page change: what the list now holds, or why it is empty. */}
      <p
        role="status"
        className={
          n
            ? "mt-4 text-sm text-fg-muted"
            : "mt-4 rounded-xl border border-dashed border-line-strong bg-surface p-8 text-center text-fg-muted"
        }
      >
        {n === 0
          ? !log.newest
            ? "No older events."
            : backwards
              ? `Nothing can match: “From” (${filter.from}) is after “To” (${filter.to}).`
              : filtered
                ? "Nothing matches these filters."
                : "Nothing has been recorded yet."
          : `${!log.newest ? `${n} older ${n === 1 ? "event" : "events"}` : log.older ? `The newest ${n} events` : n === 1 ? "The only event" : `All ${n} events`}${filtered ? " matching these filters" : ""}.`}
      </p>
      {backwards && n === 0 && (
        <p className="mt-2 text-center text-sm">
          <Link href={auditLogHref("/admin/activity", { ...filter, from: filter.to, to: filter.from })} className={button}>
            Swap the dates
          </Link>
        </p>
      )}
      {n > 0 && <AuditLogList items={log.items} />}
      {(log.newer || log.older || !log.newest) && (
        <nav aria-label="Pages of the audit log" className="mt-4 flex flex-wrap items-center justify-between gap-2">
          <span className="flex flex-wrap gap-2">
            {!log.newest && (
              <Link href={auditLogHref("/admin/activity", filter)} className={button}>
                Back to newest
              </Link>
            )}
            {log.newer && (
              <Link href={auditLogHref("/admin/activity", filter, { before: log.newer })} className={button}>
                Newer
              </Link>
            )}
          </span>
          {log.older && (
            <Link href={auditLogHref("/admin/activity", filter, { after: log.older })} className={button}>
              Older
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
