import "server-only";
import { db, rawQuery } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { findPerson } from "@/server/admin/find-person";
import { auditLogPageSql, type AuditLogPageQuery, type AuditLogPosition, type AuditLogWhere } from "@/server/admin/audit-log-sql";
import { ACTIVITY_EXPORT_LIMIT, activitySelect, toActivityItem } from "@/server/audit/list-activity";
import { ACTIVITY_KINDS, activityDateRange } from "@/lib/activity";
import { encodeAuditCursor, type AuditLogFilter, type AuditLogItem, type AuditLogPage, type PersonMatch } from "@/lib/audit-log";

export const AUDIT_LOG_PAGE_SIZE = 50;

export type ListAuditLogInput = {
  actor: Actor;
  filter: AuditLogFilter;
  /** Events older than this position ("Older"), or newer than it ("Newer"); neither: the newest. */
  after?: AuditLogPosition | null;
  before?: AuditLogPosition | null;
};

type Resolved = { where: AuditLogWhere | null; people: AuditLogPage["people"] };

/** The filters with their people found: `where` is null when a person field names no single account. */
async function resolve(filter: AuditLogFilter): Promise<Resolved> {
  const [actor, subject] = await Promise.all([
    filter.actor ? findPerson(filter.actor) : null,
    filter.subject ? findPerson(filter.subject) : null,
  ]);
  const people: Resolved["people"] = { ...(actor ? { actor } : {}), ...(subject ? { subject } : {}) };
  const id = (m: PersonMatch | null) => (m?.status === "found" ? m.person.id : undefined);
  if ((actor && !id(actor)) || (subject && !id(subject))) return { where: null, people };
  const { gte, lt } = activityDateRange(filter);
  const kind = filter.kind ? ACTIVITY_KINDS[filter.kind] : null;
  return {
    where: {
      actorId: id(actor),
      subjectId: id(subject),
      deviceId: filter.device,
      // The same kinds as /activity: by type, or "by an administrator" (an actor other than the subject).
      types: kind?.types.length ? kind.types : undefined,
      byAdministrator: filter.kind === "admin",
      from: gte,
      to: lt,
    },
    people,
  };
}

const select = {
  ...activitySelect,
  userId: true,
  actor: { select: { id: true, name: true, email: true } },
  user: { select: { id: true, name: true, email: true } },
} as const;

/** The events of one keyset page, read in full, in the page's order. */
async function eventsOf(where: AuditLogWhere, cursor: AuditLogPageQuery["cursor"], limit: number): Promise<AuditLogItem[]> {
  const { text, params } = auditLogPageSql({ where, cursor, limit });
  // Planned per call, not prepared: the best index depends on the values (a busy actor or a quiet one).
  const ids = (await rawQuery<{ id: string }>(text, params, { prepared: false })).map((r) => r.id);
  if (!ids.length) return [];
  const rows = await db.auditEvent.findMany({ where: { id: { in: ids } }, select });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ ...toActivityItem(r.userId, r), subject: r.user, actor: r.actor }] : [];
  });
}

/**
 * Every user's events, newest first, 50 at a time from a keyset cursor (fast however deep: no
 * offsets, no count), filtered by who acted, whose account, kind, device and dates. Administrators only.
 */
export async function listAuditLog({ actor, filter, after = null, before = null }: ListAuditLogInput): Promise<AuditLogPage> {
  assertAdmin(actor);
  const { where, people } = await resolve(filter);
  if (!where) return { items: [], older: null, newer: null, newest: true, people };
  const cursorOf = (item: AuditLogItem | undefined) => (item ? encodeAuditCursor(item) : null);
  const page = AUDIT_LOG_PAGE_SIZE;

  if (before) {
    // Newer events, read upward from the cursor, then put newest first.
    const items = (await eventsOf(where, { position: before, direction: "newer" }, page + 1)).reverse();
    // Fewer than a page newer: that is the newest page, shown in full.
    if (items.length > page)
      return { items: items.slice(1), older: cursorOf(items.at(-1)), newer: cursorOf(items[1]), newest: false, people };
  }
  const items = await eventsOf(where, after && !before ? { position: after, direction: "older" } : null, page + 1);
  const shown = items.slice(0, page);
  const fromCursor = !!after && !before;
  return {
    items: shown,
    older: items.length > page ? cursorOf(shown.at(-1)) : null,
    newer: fromCursor ? cursorOf(shown[0]) : null,
    newest: !fromCursor,
    people,
  };
}

/** The matching events for the CSV download, newest first, at most ACTIVITY_EXPORT_LIMIT (as /activity's). */
export async function exportAuditLog({ actor, filter }: { actor: Actor; filter: AuditLogFilter }): Promise<AuditLogItem[]> {
  assertAdmin(actor);
  const { where } = await resolve(filter);
  return where ? eventsOf(where, null, ACTIVITY_EXPORT_LIMIT) : [];
}

/** The device the log is filtered to, named for the filter's note: its name and whose it is (deleted ones too). */
export async function auditLogDevice({ actor, deviceId }: { actor: Actor; deviceId: string }) {
  assertAdmin(actor);
  const device = await db.device.findUnique({
    where: { id: deviceId },
    select: { id: true, name: true, deletedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return device && { id: device.id, name: device.name, deleted: device.deletedAt !== null, owner: device.user };
}
