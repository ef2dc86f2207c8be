import "server-only";
import { auditValues, type AuditEventValues } from "@/server/audit/record-event";

/**
 * recordEvent's row as part of a larger statement, for the hot paths that must stay one round
 * trip: who acted, what, from where and through which credential (`via`, merged into the detail)
 * are parameters set exactly as recordEvent sets them; the rest is SQL over the statement's rows.
 */
export type AuditRowSql = {
  /** Whose account it concerns (a uuid). */
  userId: string;
  deviceId?: string;
  /** The event's own detail, a jsonb object. */
  detail: string;
  /** The statement's time parameter (`$n::timestamp`, UTC as Prisma writes it), so the change and its record share one instant. */
  at: string;
  /** What follows the SELECT: `FROM … WHERE …`, one audit row per row it yields. */
  from: string;
};

/** How many parameters auditInsertSql takes, from `firstParam` on. */
export const AUDIT_PARAM_COUNT = 5;

/**
 * The INSERT (bare, or as a CTE's body). Its text depends only on `row` and `firstParam`, so a
 * statement built from it is one fixed text (prepared once per connection).
 */
export function auditInsertSql(row: AuditRowSql, firstParam: number): string {
  const [actorId, type, ip, userAgent, via] = Array.from({ length: AUDIT_PARAM_COUNT }, (_, i) => `$${firstParam + i}`);
  return `INSERT INTO "AuditEvent" (id, "actorId", "userId", "deviceId", type, ip, "userAgent", detail, "createdAt")
          SELECT gen_random_uuid(), ${actorId}::uuid, ${row.userId}, ${row.deviceId ?? "NULL::uuid"}, ${type}::text, ${ip}::text, ${userAgent}::text,
                 (${row.detail}) || ${via}::jsonb, ${row.at}
            ${row.from}`;
}

/** The values of auditInsertSql's parameters, in order. */
export function auditInsertParams(event: AuditEventValues): unknown[] {
  const { actorId, type, ip, userAgent, via } = auditValues(event);
  return [actorId, type, ip, userAgent, JSON.stringify(via)];
}
