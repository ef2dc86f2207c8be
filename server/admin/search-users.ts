import "server-only";
import { escapeLike, rawQuery, sqlIsoText } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { assertAdmin } from "@/server/auth/assert-admin";
import { liveSessionBounds } from "@/server/config";
import type { AdminUserRow, AdminUserSearch, UserSort } from "@/lib/admin";

export const ADMIN_PAGE_SIZE = 25;
/** Counting stops here: "1,000+ users" is as useful as 10,000 and costs a fraction. */
export const ADMIN_COUNT_CAP = 1000;

/** Narrowing the list: by role, by whether the account is disabled, by whether it has a second factor. */
export type UserFilters = { role?: "USER" | "ADMIN"; status?: "active" | "disabled"; mfa?: "with" | "without" };

export type SearchUsersInput = {
  actor: Actor;
  query: string;
  /** Cursors: the id of the user a page starts after (or ends before), as the previous answer gave it. */
  after?: string | null;
  before?: string | null;
  filters?: UserFilters;
  sort?: UserSort;
};

/** A row as the statement reads it: a user without a second factor has no `mfa` array yet. */
type Row = Omit<AdminUserRow, "mfa"> & { mfa: AdminUserRow["mfa"] | null };

/**
 * Each order's key, unique with the id as tie-break, and its direction. Every key has a btree
 * index (User_email_key, User_name_idx, User_createdAt_id_idx): the first page and every cursor
 * page are a short index scan, the cursor a row comparison the index answers (EXPLAIN on 100,000 users).
 */
const ORDERS: Record<UserSort, { key: string[]; descending: boolean }> = {
  email: { key: ["email"], descending: false },
  name: { key: ["name", "id"], descending: false },
  newest: { key: ['"createdAt"', "id"], descending: true },
  oldest: { key: ['"createdAt"', "id"], descending: false },
};

/** `%q%` for ILIKE, with LIKE's own wildcards in the query taken literally. */
const containsPattern = (q: string) => `%${escapeLike(q)}%`;

/**
 * Users whose email or name contains the query (case-insensitive), 25 at a time in the chosen
 * order, with what an admin triages by — one statement, and one more to count when the page is
 * full or not the first. Keyset pagination (`after`/`before` a user, whose key the statement
 * reads by id) instead of offsets, and a capped count, so every page of every query stays fast
 * on 100,000+ users (bench/admin-search). Planned per call (not prepared), so the plan fits the
 * term: the trigram indexes for rare terms, the ordered index for common ones.
 */
export async function searchUsers({
  actor,
  query,
  after = null,
  before = null,
  filters = {},
  sort = "email",
}: SearchUsersInput): Promise<AdminUserSearch> {
  assertAdmin(actor);
  const q = query.trim().slice(0, 100);
  const params: unknown[] = q ? [containsPattern(q)] : [];
  // The filters and the order are fixed SQL chosen from closed sets (no user text reaches the statement but $1).
  const conditions = [q ? "(u.email ILIKE $1 OR u.name ILIKE $1)" : "true"];
  if (filters.role) conditions.push(filters.role === "ADMIN" ? `u.role = 'ADMIN'` : `u.role = 'USER'`);
  if (filters.status) conditions.push(filters.status === "disabled" ? `u."disabledAt" IS NOT NULL` : `u."disabledAt" IS NULL`);
  if (filters.mfa)
    conditions.push(`${filters.mfa === "with" ? "" : "NOT "}EXISTS (SELECT 1 FROM "Authenticator" f WHERE f."userId" = u.id)`);
  const match = conditions.join(" AND ");

  const order = ORDERS[sort] ?? ORDERS.email;
  const cursor = before ?? after;
  // Going back (`before`) reads the other way from the cursor, then shows the page in order again.
  const backwards = before !== null;
  const descending = order.descending !== backwards;
  const dir = descending ? "DESC" : "ASC";
  const cols = (alias: string) => order.key.map((c) => `${alias}.${c}`);
  const tuple = (alias: string) => (order.key.length > 1 ? `(${cols(alias).join(", ")})` : cols(alias)[0]!);
  if (cursor !== null) params.push(cursor);
  const page =
    cursor === null
      ? match
      : `${match} AND ${tuple("u")} ${descending ? "<" : ">"} (SELECT ${cols("c").join(", ")} FROM "User" c WHERE c.id = $${params.length}::uuid)`;
  const orderBy = (alias: string) =>
    cols(alias)
      .map((c) => `${c} ${dir}`)
      .join(", ");

  // A device is "signed in" while one of its sessions would pass the session check (validate-session).
  params.push(...liveSessionBounds());
  const [nowParam, idleParam] = [`$${params.length - 1}::timestamp`, `$${params.length}::timestamp`];
  const rows = await rawQuery<Row>(
    `WITH page AS (
       SELECT u.id, u.email, u.name, u.role::text AS role, u."disabledAt" IS NOT NULL AS disabled, u."createdAt"
         FROM "User" u WHERE ${page} ORDER BY ${orderBy("u")} LIMIT ${ADMIN_PAGE_SIZE + 1})
     SELECT page.id, page.email, page.name, page.role, page.disabled, ${sqlIsoText(`page."createdAt"`)} AS "createdAt",
            d."deviceCount", d."signedInCount", d."lastActiveAt", a.mfa
       FROM page
       LEFT JOIN LATERAL (SELECT count(*)::int AS "deviceCount",
                                 (count(*) FILTER (WHERE EXISTS (
                                    SELECT 1 FROM "Session" s WHERE s."deviceId" = dv.id AND s."revokedAt" IS NULL
                                       AND s."expiresAt" > ${nowParam} AND s."lastSeenAt" > ${idleParam})))::int AS "signedInCount",
                                 ${sqlIsoText(`max(dv."lastSeenAt")`)} AS "lastActiveAt"
                            FROM "Device" dv WHERE dv."userId" = page.id AND dv."deletedAt" IS NULL) d ON true
       LEFT JOIN LATERAL (SELECT array_agg(DISTINCT kind::text) AS mfa FROM "Authenticator" WHERE "userId" = page.id) a ON true
      ORDER BY ${orderBy("page")}`,
    params,
    { prepared: false },
  );
  const more = rows.length > ADMIN_PAGE_SIZE;
  const shown = rows.slice(0, ADMIN_PAGE_SIZE);
  if (backwards) shown.reverse();
  // A first page that is not full is every match: no count needed (the common case for a precise search).
  const total = cursor === null && !more ? rows.length : await countMatches(match, params.slice(0, q ? 1 : 0));
  return {
    query: q,
    total: Math.min(total, ADMIN_COUNT_CAP),
    totalCapped: total > ADMIN_COUNT_CAP,
    rows: shown.map(({ mfa, ...r }) => ({ ...r, mfa: mfa ?? [] })),
    // Going back from `before` there is a next page (where we came from); going forward from `after`, a previous one.
    after: (backwards || more) && shown.length ? shown.at(-1)!.id : null,
    before: (after !== null || (backwards && more)) && shown.length ? shown[0]!.id : null,
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
