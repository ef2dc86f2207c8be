import "server-only";

/** What a page of the audit log is narrowed to, with the people already resolved to ids. */
export type AuditLogWhere = {
  actorId?: string;
  subjectId?: string;
  /** Only what happened on this device. */
  deviceId?: string;
  /** Any of these event types. */
  types?: readonly string[];
  /** Only events whose actor is someone other than their subject: an administrator's doing. */
  byAdministrator?: boolean;
  /** From this instant (included) to that one (excluded). */
  from?: Date;
  to?: Date;
};

/** A position in the log: the event it is at. Keyset order is (createdAt, id), newest first. */
export type AuditLogPosition = { createdAt: Date; id: string };

export type AuditLogPageQuery = {
  where: AuditLogWhere;
  /** Events older than this (`older`) or newer than it (`newer`); none: from the newest. */
  cursor?: { position: AuditLogPosition; direction: "older" | "newer" } | null;
  limit: number;
};

/**
 * `timestamp(3)` values as node-postgres and PGlite both send them: UTC wall time, no zone (a
 * Date parameter would be sent in the process's local time zone).
 */
const timestamp = (d: Date) => d.toISOString().slice(0, -1);

/**
 * The statement that finds one page of event ids, each filter combination answered from an index
 * in keyset order rather than by sorting the matches (bench/admin-activity prints the plans):
 * - nothing, or dates only: ("createdAt" DESC, id DESC);
 * - an actor: ("actorId", "createdAt" DESC, id DESC); a subject: ("userId", "createdAt" DESC);
 * - a device: ("deviceId"), its events sorted (one device has few);
 * - by an administrator: the partial index of events whose actor is not their subject;
 * - a kind alone: one ordered walk of ("type", "createdAt" DESC, id DESC) per type of the kind,
 *   each stopping after a page, merged — so a rare kind never scans the common ones.
 * Every value is a parameter; the SQL text depends only on which filters are set.
 */
export function auditLogPageSql({ where, cursor, limit }: AuditLogPageQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const perType = !!where.types?.length && !where.actorId && !where.subjectId && !where.deviceId;
  const conditions: string[] = [];
  if (where.types?.length) conditions.push(perType ? `a.type = k.type` : `a.type = ANY(${p(where.types)}::text[])`);
  if (where.actorId) conditions.push(`a."actorId" = ${p(where.actorId)}::uuid`);
  if (where.subjectId) conditions.push(`a."userId" = ${p(where.subjectId)}::uuid`);
  if (where.deviceId) conditions.push(`a."deviceId" = ${p(where.deviceId)}::uuid`);
  // Exactly the partial index's predicate, so the planner can use it.
  if (where.byAdministrator) conditions.push(`a."actorId" IS NOT NULL AND a."actorId" IS DISTINCT FROM a."userId"`);
  if (where.from) conditions.push(`a."createdAt" >= ${p(timestamp(where.from))}::timestamp`);
  if (where.to) conditions.push(`a."createdAt" < ${p(timestamp(where.to))}::timestamp`);
  const newer = cursor?.direction === "newer";
  if (cursor) {
    const { createdAt, id } = cursor.position;
    conditions.push(`(a."createdAt", a.id) ${newer ? ">" : "<"} (${p(timestamp(createdAt))}::timestamp, ${p(id)}::uuid)`);
  }
  // Toward newer events the index is read the other way; the caller puts the page back in order.
  const dir = newer ? "ASC" : "DESC";
  const orderBy = (t: string) => `ORDER BY ${t}."createdAt" ${dir}, ${t}.id ${dir}`;
  const whereSql = conditions.length ? `WHERE ${conditions.join(" AND ")}` : "";
  const n = Math.max(1, Math.floor(limit));
  // Ids only: the rows themselves are read through Prisma, which reads timestamps correctly.
  const page = (columns: string) => `SELECT ${columns} FROM "AuditEvent" a ${whereSql} ${orderBy("a")} LIMIT ${n}`;
  if (!perType) return { text: page("a.id"), params };
  const types = p(where.types);
  return {
    text: `SELECT e.id FROM unnest(${types}::text[]) AS k(type) CROSS JOIN LATERAL (${page(`a.id, a."createdAt"`)}) e ${orderBy("e")} LIMIT ${n}`,
    params,
  };
}
