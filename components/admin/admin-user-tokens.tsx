import { ConfirmActionButton, type ConfirmAction } from "@/components/ui/confirm-action-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatDay } from "@/lib/format";
import type { AdminUser } from "@/lib/admin";
import type { ApiTokenSummary } from "@/lib/validation/api-tokens";

/** A user's active personal access tokens (names and use, never the secret), each revocable. */
export function AdminUserTokens({ user, tokens, revoke }: { user: AdminUser; tokens: ApiTokenSummary[]; revoke: ConfirmAction }) {
  const who = `${user.name} (${user.email})`;
  return (
    <section className="mt-8" aria-labelledby="tokens-h">
      <h2 id="tokens-h" className="text-lg font-semibold">
        API tokens
      </h2>
      {tokens.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">{who} has no active personal access tokens.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-fg-muted">
            Personal access tokens act as {who} on the REST API. <strong>Sign out everywhere</strong> revokes them all; disabling the user
            stops them too.
          </p>
          <ul className="mt-2 divide-y divide-line rounded-xl border border-line bg-surface text-sm">
            {tokens.map((t) => (
              <li key={t.id} data-token-id={t.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span className="min-w-0 break-words">
                  <span className="font-medium">{t.name}</span> <code className="rounded bg-muted px-1 text-xs">{t.prefix}…</code>
                  <span className="text-fg-muted">
                    {" "}
                    ·{" "}
                    {t.lastUsedAt ? (
                      <>
                        last used <RelativeTime iso={t.lastUsedAt} />
                      </>
                    ) : (
                      "never used"
                    )}
                    {t.expired ? " · expired" : t.expiresAt ? ` · expires ${formatDay(t.expiresAt)}` : ""}
                  </span>
                </span>
                <ConfirmActionButton
                  variant="danger"
                  label="Revoke"
                  ariaLabel={`Revoke the token ${t.name}`}
                  title={`Revoke the token “${t.name}” of ${user.name}?`}
                  body={<p>Its next request fails. {who} can create a new one; nothing else changes.</p>}
                  confirmLabel="Revoke token"
                  pendingLabel="Revoking…"
                  action={revoke}
                  input={{ userId: user.id, id: t.id }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
