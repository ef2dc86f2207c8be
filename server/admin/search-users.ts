import "server-only";
import { rawQuery, sqlIsoText } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/admin/assert-admin";
import type { AdminUserRow, AdminUserSearch } from "@/lib/admin";

export const ADMIN_PAGE_SIZE = 25;
/** Counting stops here: "1,000+ users" is as useful as 10,000 and costs a fraction. */
export const ADMIN_COUNT_CAP = 1000;

/** Narrowing the list: by role, by whether the account is disabled, by whether it has a second factor. */
export type UserFilters = { role?: "USER" | "ADMIN"; status?: "active" | "disabled"; mfa?: "with" | "without" };

export type SearchUsersInput = {
  actor: Actor;
  query: string;
  after?: string | null;
  before?: string | null;
  filters?: UserFilters;
};

type Row = {
  id: string;
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  disabled: boolean;
  deviceCount: number;
  mfa: AdminUserRow["mfa"] | null;
  lastActiveAt: string | null;
};

/** `%q%` for ILIKE, with LIKE's own wildcards in the query taken literally. */
const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Users whose email or name contains the query (case-insensitive), 25 at a time in email order,
 * with what an admin triages by — one statement, and one more to count when the page is full or
 * not the first. Keyset pagination (`after`/`before` an email)
 * instead of offsets, and a capped count, so every page of every query stays fast on 100,000+
 * users (bench/admin-search). Planned per call (not prepared), so the plan fits the term: the
 * trigram indexes for rare terms, the ordered email index for common ones.
 */
export async function searchUsers({ actor, query, after = null, before = null, filters = {} }: SearchUsersInput): Promise<AdminUserSearch> {
  assertAdmin(actor);
  const q = query.trim().slice(0, 100);
  const params: unknown[] = q ? [containsPattern(q)] : [];
  // The filters are fixed SQL chosen from closed sets (no user text reaches the statement but $1).
  const conditions = [q ? "(u.email ILIKE $1 OR u.name ILIKE $1)" : "true"];
  if (filters.role) conditions.push(filters.role === "ADMIN" ? `u.role = 'ADMIN'` : `u.role = 'USER'`);
  if (filters.status) conditions.push(filters.status === "disabled" ? `u."disabledAt" IS NOT NULL` : `u."disabledAt" IS NULL`);
  if (filters.mfa)
    conditions.push(`${filters.mfa === "with" ? "" : "NOT "}EXISTS (SELECT 1 FROM "Authenticator" f WHERE f."userId" = u.id)`);
  const match = conditions.join(" AND ");
  const cursor = before ?? after;
  if (cursor !== null) params.push(cursor);
  const page = cursor === null ? match : `${match} AND u.email ${before !== null ? "<" : ">"} $${params.length}`;
  const direction = before !== null ? "DESC" : "ASC";

  const rows = await rawQuery<Row>(
    `WITH page AS (
       SELECT u.id, u.email, u.name, u.role::text AS role, u."disabledAt" IS NOT NULL AS disabled
         FROM "User" u WHERE ${page} ORDER BY u.email ${direction} LIMIT ${ADMIN_PAGE_SIZE + 1})
     SELECT page.*, d."deviceCount", d."lastActiveAt", a.mfa
       FROM page
       LEFT JOIN LATERAL (SELECT count(*)::int AS "deviceCount",
                                 ${sqlIsoText(`max("lastSeenAt")`)} AS "lastActiveAt"
                            FROM "Device" WHERE "userId" = page.id AND "deletedAt" IS NULL) d ON true
       LEFT JOIN LATERAL (SELECT array_agg(DISTINCT kind::text) AS mfa FROM "Authenticator" WHERE "userId" = page.id) a ON true
      ORDER BY page.email ${direction}`,
    params,
    { prepared: false },
  );
  const more = rows.length > ADMIN_PAGE_SIZE;
  const shown = rows.slice(0, ADMIN_PAGE_SIZE);
  if (before !== null) shown.reverse();
  // A first page that is not full is every match: no count needed (the common case for a precise search).
  const total = cursor === null && !more ? rows.length : await countMatches(match, params.slice(0, q ? 1 : 0));
  return {
    query: q,
    total: Math.min(total, ADMIN_COUNT_CAP),
    totalCapped: total > ADMIN_COUNT_CAP,
    rows: shown.map(({ mfa, ...r }) => ({ ...r, mfa: mfa ?? [] })),
    // Going back from `before` there is a next page (where we came from); going forward from `after`, a previous one.
    after: (before !== null || more) && shown.length ? shown.at(-1)!.email : null,
    before: (after !== null || (before !== null && more)) && shown.length ? shown[0]!.email : null,
  };
}

/** How many users match, counting no further than the cap. */
async function countMatches(match: string, params: unknown[]): Promise<number> {
  const [row] = await rawQuery<{ total: number }>(
    `SELECT count(*)::int AS total FROM (SELECT 1 FROM "User" u WHERE ${match} LIMIT ${ADMIN_COUNT_CAP + 1}) capped`,
    params,
    { prepared: false },
  );
  return row?.total ?? 0;
}
