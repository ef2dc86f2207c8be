import { RelativeTime } from "@/components/ui/relative-time";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireAdmin } from "@/server/auth/session";
import { getRequestContext } from "@/server/request-context";
import { searchUsers } from "@/server/admin/search-users";
import { UserSearchForm } from "@/components/admin/user-search-form";

export const metadata: Metadata = { title: "Users" };

const cursor = z.string().min(1).max(320).nullable().catch(null);
const params = z.object({
  q: z.string().max(100).catch(""),
  after: cursor.default(null),
  before: cursor.default(null),
  role: z.enum(["USER", "ADMIN"]).optional().catch(undefined),
  status: z.enum(["active", "disabled"]).optional().catch(undefined),
  mfa: z.enum(["with", "without"]).optional().catch(undefined),
});
const MFA_LABEL = { TOTP: "App", WEBAUTHN: "Passkey", PUSH: "Push", BINDING: "Bound" } as const;

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const session = await requireAdmin();
  const { q, after, before, role, status, mfa } = params.parse(await searchParams);
  const filters = { role, status, mfa };
  const result = await searchUsers({
    actor: { userId: session.userId, role: session.role, context: await getRequestContext() },
    query: q,
    after,
    before: after ? null : before,
    filters,
  });
  const kept = Object.fromEntries(Object.entries({ q, ...filters }).filter(([, v]) => v)) as Record<string, string>;
  const link = (cursor: Record<string, string>) => `/admin/users?${new URLSearchParams({ ...kept, ...cursor })}`;
  const count = `${result.total.toLocaleString("en")}${result.totalCapped ? "+" : ""}`;
  return (
    <>
      <h1 className="text-2xl font-semibold">Users</h1>
      <UserSearchForm q={q} filters={filters} />
      <p className="mt-3 text-sm text-fg-muted" aria-live="polite">
        {count} {result.total === 1 && !result.totalCapped ? "user" : "users"}
        {q ? ` matching “${q}”` : ""}
        {role || status || mfa ? " (filtered)" : ""}
      </p>
      <ul className="mt-3 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="Users">
        {result.rows.map((u) => (
          <li key={u.id} data-user-id={u.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <Link href={`/admin/users/${u.id}`} className="font-medium text-accent hover:underline">
                {u.name}
              </Link>
              <p className="truncate text-sm text-fg-muted">{u.email}</p>
            </div>
            <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-fg-muted">
              <span>{u.role === "ADMIN" ? "Admin" : "User"}</span>
              <span className={u.disabled ? "font-medium text-danger" : ""}>{u.disabled ? "Disabled" : "Active"}</span>
              <span>
                {u.deviceCount} {u.deviceCount === 1 ? "device" : "devices"}
              </span>
              <span>MFA: {u.mfa.length ? u.mfa.map((k) => MFA_LABEL[k]).join(", ") : "none"}</span>
              <span>
                {u.lastActiveAt ? (
                  <span>
                    active <RelativeTime iso={u.lastActiveAt} />
                  </span>
                ) : (
                  "never active"
                )}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {(result.before || result.after) && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
          {result.before ? (
            <Link href={link({ before: result.before })} className="font-medium text-accent">
              Previous
            </Link>
          ) : (
            <span />
          )}
          {result.after ? (
            <Link href={link({ after: result.after })} className="font-medium text-accent">
              Next
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
