import type { Metadata } from "next";
import { Suspense } from "react";
import { z } from "zod";
import { requireAdmin } from "@devicekeeper/server/auth/session";
import { getRequestContext } from "@devicekeeper/server/request-context";
import { searchUsers } from "@devicekeeper/server/admin/search-users";
import { USER_SORTS, type UserSort } from "@/lib/admin";
import { UserSearchForm } from "@/components/admin/user-search-form";
import { UserSearchResults } from "@/components/admin/user-search-results";
import { PageSkeleton } from "@/components/ui/page-skeleton";
import { BackLink } from "@/components/ui/back-link";

export const metadata: Metadata = { title: "Users" };

// Anything malformed in the URL is ignored (the default), never an error page.
const cursor = z.uuid().nullable().catch(null);
const params = z.object({
  q: z.string().max(100).catch(""),
  after: cursor.default(null),
  before: cursor.default(null),
  role: z.enum(["USER", "ADMIN"]).optional().catch(undefined),
  status: z.enum(["active", "disabled"]).optional().catch(undefined),
  mfa: z.enum(["with", "without"]).optional().catch(undefined),
  sort: z
    .enum(Object.keys(USER_SORTS) as [UserSort, ...UserSort[]])
    .default("email")
    .catch("email"),
});

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAdmin();
  const { q, after, before, role, status, mfa, sort } = params.parse(await searchParams);
  const filters = { role, status, mfa };
  // Not awaited: the heading and the form show at once, the list streams in below them.
  const result = searchUsers({
    actor: { userId: session.userId, role: session.role, context: await getRequestContext() },
    query: q,
    after,
    before: after ? null : before,
    filters,
    sort,
  });
  void result.catch(() => undefined); // its error reaches the page through the list, not as an unhandled rejection
  const kept = Object.fromEntries(
    Object.entries({ q, ...filters, sort: sort === "email" ? undefined : sort }).filter(([, v]) => v),
  ) as Record<string, string>;
  return (
    <>
      <BackLink href="/admin">Administration</BackLink>
      <h1 className="mt-2 text-2xl font-semibold">Users</h1>
      <UserSearchForm q={q} filters={filters} sort={sort} />
      <Suspense fallback={<PageSkeleton label="Loading users…" title={false} blocks={["h-6", "h-64"]} />}>
        <UserSearchResults
          result={result}
          filtered={!!(role || status || mfa)}
          pageHref={(c) => `/admin/users?${new URLSearchParams({ ...kept, ...c })}`}
        />
      </Suspense>
    </>
  );
}
