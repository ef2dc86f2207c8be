import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { devicesLine, type AdminUserSearch } from "@/lib/admin";
import { formatDay } from "@/lib/format";

const MFA_LABEL = { TOTP: "Authenticator app", WEBAUTHN: "Passkey", PUSH: "Push sign-in approvals", BINDING: "Bound device" } as const;

type Props = {
  /** The search, still running: this part of the page streams in when it answers. */
  result: Promise<AdminUserSearch>;
  filtered: boolean;
  /** The list's URL for a cursor, keeping the query, filters and order. */
  pageHref: (cursor: { after: string } | { before: string }) => string;
};

/** The admin user list: the count, one row per user with what an admin triages by, and paging. */
export async function UserSearchResults({ result, filtered, pageHref }: Props) {
  const r = await result;
  const count = `${r.total.toLocaleString("en")}${r.totalCapped ? "+" : ""}`;
  const link = "inline-flex min-h-11 items-center font-medium text-accent hover:underline";
  return (
    <>
      <p className="mt-3 text-sm text-fg-muted" aria-live="polite">
        {count} {r.total === 1 && !r.totalCapped ? "user" : "users"}
        {r.query ? ` matching “${r.query}”` : ""}
        {filtered ? " (filtered)" : ""}
      </p>
      <ul className="mt-3 divide-y divide-line-soft rounded-xl border border-line bg-surface" aria-label="Users">
        {r.rows.map((u) => (
          <li key={u.id} data-user-id={u.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <Link href={`/admin/users/${u.id}`} prefetch={false} className="font-medium text-accent hover:underline">
                {u.name}
              </Link>
              <p className="truncate text-sm text-fg-muted">{u.email}</p>
            </div>
            <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-fg-muted">
              <span>{u.role === "ADMIN" ? "Admin" : "User"}</span>
              <span className={u.disabled ? "font-medium text-danger" : ""}>{u.disabled ? "Disabled" : "Active"}</span>
              <span>{devicesLine(u)}</span>
              <span>Second factors: {u.mfa.length ? u.mfa.map((k) => MFA_LABEL[k]).join(", ") : "none"}</span>
              <span>
                {u.lastActiveAt ? (
                  <span>
                    active <RelativeTime iso={u.lastActiveAt} />
                  </span>
                ) : (
                  "never active"
                )}
              </span>
              <span>joined {formatDay(u.createdAt)}</span>
            </div>
          </li>
        ))}
      </ul>
      {(r.before || r.after) && (
        <nav aria-label="Pagination" className="mt-2 flex items-center justify-between text-sm">
          {r.before ? (
            <Link href={pageHref({ before: r.before })} className={link}>
              Previous
            </Link>
          ) : (
            <span />
          )}
          {r.after ? (
            <Link href={pageHref({ after: r.after })} className={link}>
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
