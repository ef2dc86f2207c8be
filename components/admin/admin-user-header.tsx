import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { BackLink } from "@/components/ui/back-link";
import type { AdminUser } from "@/lib/admin";
import type { AdminUserActions } from "@/components/admin/types";

/** Ping Identity AIC's "MFA skip option", in plain words. */
const SKIP = {
  NOT_SET: "asked when they have a second factor (the default)",
  SKIPPABLE: "may skip the second step",
  NOT_SKIPPABLE: "must always use a second factor",
} as const;

type Props = { user: AdminUser; actions: Pick<AdminUserActions, "signOutEverywhere" | "enable" | "disable"> };

/** The admin user page's top: who, role and state, and the account-wide actions. */
export function AdminUserHeader({ user, actions }: Props) {
  const who = `${user.name} (${user.email})`;
  const input = { userId: user.id };
  return (
    <>
      <BackLink href="/admin/users">Users</BackLink>
      <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold">{user.name}</h1>
          <p className="break-all text-fg-muted">{user.email}</p>
          <p className="mt-1 text-sm text-fg-muted">
            {user.role === "ADMIN" ? "Administrator" : "User"} ·{" "}
            <span className={user.disabled ? "font-medium text-danger" : ""}>{user.disabled ? "Disabled" : "Active"}</span> · Second step at
            sign-in: {SKIP[user.mfaSkip]}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ConfirmActionButton
            label="Sign out everywhere"
            title={`Sign ${user.name} out everywhere?`}
            body={<p>Every session of {who} on every device ends at once, and their personal access tokens are revoked.</p>}
            confirmLabel="Sign out everywhere"
            pendingLabel="Signing out…"
            action={actions.signOutEverywhere}
            input={input}
          />
          {user.disabled ? (
            <ConfirmActionButton
              label="Enable user"
              title={`Enable ${user.name}?`}
              body={<p>{who} will be able to sign in again.</p>}
              confirmLabel="Enable user"
              pendingLabel="Enabling…"
              action={actions.enable}
              input={input}
            />
          ) : (
            <ConfirmActionButton
              variant="danger"
              label="Disable user"
              title={`Disable ${user.name}?`}
              body={
                <p>
                  {who} is signed out everywhere, their personal access tokens are revoked, and they cannot sign in until enabled again.
                </p>
              }
              confirmLabel="Disable user"
              pendingLabel="Disabling…"
              action={actions.disable}
              input={input}
            />
          )}
        </div>
      </div>
    </>
  );
}
