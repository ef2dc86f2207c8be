import { RelativeTime } from "@/components/ui/relative-time";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/server/auth/session";
import { getRequestContext } from "@/server/request-context";
import { getAdminUserDetail } from "@/server/admin/get-admin-user-detail";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { SessionLimitForm } from "@/components/admin/session-limit-form";
import { describeActivity } from "@/lib/activity";
import { auditLogHref } from "@/lib/audit-log";
import { formatDay } from "@/lib/format";
import {
  adminDeleteDeviceAction,
  adminInvalidateDeviceAction,
  adminRevokeSessionAction,
  adminUntrustDeviceAction,
  deleteBoundDeviceAction,
  deletePasskeyAction,
  disableUserAction,
  enableUserAction,
  resetOathAction,
  resetPushAction,
  setSessionLimitAction,
  revokeRecoveryCodesAction,
  signOutEverywhereAction,
  adminRevokeUserTokenAction,
} from "./actions";

export const metadata: Metadata = { title: "User" };

/** Ping Identity AIC's "MFA skip option", in plain words. */
const SKIP = {
  NOT_SET: "asked when they have a second factor (the default)",
  SKIPPABLE: "may skip the second step",
  NOT_SKIPPABLE: "must always use a second factor",
} as const;
const section = "mt-8";
const h2 = "text-lg font-semibold";

export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const session = await requireAdmin();
  const { userId } = await params;
  if (!z.uuid().safeParse(userId).success) notFound();
  const detail = await getAdminUserDetail({
    actor: { userId: session.userId, role: session.role, context: await getRequestContext() },
    userId,
  });
  if (!detail) notFound();
  const { user } = detail;
  const who = `${user.name} (${user.email})`;
  const byKind = (kind: string) => detail.authenticators.filter((a) => a.kind === kind);
  const u = { userId: user.id };

  return (
    <>
      <p className="text-sm">
        <Link href="/admin/users" className="text-indigo-700 hover:underline">
          ← Users
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{user.name}</h1>
          <p className="text-slate-600">{user.email}</p>
          <p className="mt-1 text-sm text-slate-600">
            {user.role === "ADMIN" ? "Administrator" : "User"} ·{" "}
            <span className={user.disabled ? "font-medium text-red-700" : ""}>{user.disabled ? "Disabled" : "Active"}</span> · Second step
            at sign-in: {SKIP[user.mfaSkip]}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ConfirmActionButton
            label="Sign out everywhere"
            title={`Sign ${user.name} out everywhere?`}
            body={<p>Every session of {who} on every device ends at once, and their personal access tokens are revoked.</p>}
            confirmLabel="Sign out everywhere"
            pendingLabel="Signing out…"
            action={signOutEverywhereAction}
            input={u}
          />
          {user.disabled ? (
            <ConfirmActionButton
              label="Enable user"
              title={`Enable ${user.name}?`}
              body={<p>{who} will be able to sign in again.</p>}
              confirmLabel="Enable user"
              pendingLabel="Enabling…"
              action={enableUserAction}
              input={u}
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
              action={disableUserAction}
              input={u}
            />
          )}
        </div>
      </div>

      <section className={section} aria-labelledby="session-limit-h">
        <h2 id="session-limit-h" className={h2}>
          Session limit
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          How many devices {user.name} may be signed in on at once; a new sign-in ends the oldest.
        </p>
        <SessionLimitForm userId={user.id} userName={user.name} current={user.maxSessions} action={setSessionLimitAction} />
      </section>

      <section className={section} aria-labelledby="devices-h">
        <h2 id="devices-h" className={h2}>
          Devices
        </h2>
        {detail.devices.length === 0 && <p className="mt-2 text-sm text-slate-600">No devices.</p>}
        <ul className="mt-3 space-y-2">
          {detail.devices.map((d) => (
            <li key={d.id} data-device-id={d.id} className="rounded-xl border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div>
                  <p className="font-medium">{d.name}</p>
                  <p className="text-sm text-slate-600">
                    {[d.browser, d.os].filter(Boolean).join(" · ")} · {d.activeSessionCount} active{" "}
                    {d.activeSessionCount === 1 ? "session" : "sessions"}
                    {d.lastLocation && ` · near ${d.lastLocation}`}
                    {d.lastSeenAt && (
                      <>
                        {" "}
                        · last active <RelativeTime iso={d.lastSeenAt} />
                      </>
                    )}
                    {d.trustedAt && " · Trusted"}
                    {d.isInvalidated && " · Invalidated"}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <ConfirmActionButton
                    label="Untrust"
                    title={`Untrust ${d.name} of ${user.name}?`}
                    body={<p>Its trust and remembered state are cleared and its {d.activeSessionCount} active sessions end.</p>}
                    confirmLabel="Untrust device"
                    pendingLabel="Untrusting…"
                    action={adminUntrustDeviceAction}
                    input={{ ...u, id: d.id }}
                  />
                  <ConfirmActionButton
                    label="Invalidate"
                    title={`Invalidate ${d.name} of ${user.name}?`}
                    body={<p>Its {d.activeSessionCount} active sessions end and its next sign-in counts as a new device.</p>}
                    confirmLabel="Invalidate device"
                    pendingLabel="Invalidating…"
                    action={adminInvalidateDeviceAction}
                    input={{ ...u, id: d.id }}
                  />
                  <ConfirmActionButton
                    variant="danger"
                    label="Delete"
                    title={`Delete ${d.name} of ${user.name}?`}
                    body={<p>It is removed from their devices and its {d.activeSessionCount} active sessions end.</p>}
                    confirmLabel="Delete device"
                    pendingLabel="Deleting…"
                    action={adminDeleteDeviceAction}
                    input={{ ...u, id: d.id }}
                  />
                </div>
              </div>
              {d.sessions.some((s) => s.state === "active") && (
                <ul className="mt-3 space-y-1 text-sm" aria-label={`Sessions on ${d.name}`}>
                  {d.sessions
                    .filter((s) => s.state === "active")
                    .map((s) => (
                      <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-slate-50 px-3 py-1.5">
                        <span>
                          Started <RelativeTime iso={s.createdAt} /> · {s.ip ?? "unknown IP"}
                          {s.location && ` · near ${s.location}`}
                        </span>
                        <ConfirmActionButton
                          label="Sign out"
                          title={`Sign out this session of ${user.name}?`}
                          body={<p>The session on {d.name} ends at once.</p>}
                          confirmLabel="Sign out"
                          pendingLabel="Signing out…"
                          action={adminRevokeSessionAction}
                          input={{ ...u, id: s.id }}
                        />
                      </li>
                    ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className={section} aria-labelledby="mfa-h">
        <h2 id="mfa-h" className={h2}>
          Second factors
        </h2>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="font-medium">Authenticator apps (OATH)</h3>
            <p className="mt-1 text-sm text-slate-600">
              {byKind("TOTP")
                .map((a) => a.name)
                .join(", ") || "None"}
            </p>
            {/* Offered only when it would change something: apps to delete, or a skip option to reset. */}
            {(byKind("TOTP").length > 0 || user.mfaSkip !== "NOT_SET") && (
              <div className="mt-3">
                <ConfirmActionButton
                  variant="danger"
                  label="Reset authenticator app (OATH)"
                  title={`Reset the authenticator apps of ${user.name}?`}
                  body={
                    <p>
                      All of {who}&apos;s authenticator apps are deleted and their second step at sign-in goes back to the default. Their
                      next sign-in will not ask for an app code.
                    </p>
                  }
                  confirmLabel="Reset authenticator app (OATH)"
                  pendingLabel="Resetting…"
                  action={resetOathAction}
                  input={u}
                />
              </div>
            )}
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="font-medium">Push</h3>
            <p className="mt-1 text-sm text-slate-600">
              {byKind("PUSH")
                .map((a) => a.name)
                .join(", ") || "None"}
            </p>
            {byKind("PUSH").length > 0 && (
              <div className="mt-3">
                <ConfirmActionButton
                  variant="danger"
                  label="Reset push"
                  title={`Reset push for ${user.name}?`}
                  body={<p>All of {who}&apos;s push authenticators are deleted; their app must register again.</p>}
                  confirmLabel="Reset push"
                  pendingLabel="Resetting…"
                  action={resetPushAction}
                  input={u}
                />
              </div>
            )}
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="font-medium">Passkeys (WebAuthn)</h3>
            {byKind("WEBAUTHN").length === 0 && <p className="mt-1 text-sm text-slate-600">None</p>}
            <ul className="mt-2 space-y-2">
              {byKind("WEBAUTHN").map((a) => (
                <li key={a.id} data-authenticator-id={a.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                  {a.name}
                  <ConfirmActionButton
                    variant="danger"
                    label="Delete"
                    title={`Delete the passkey “${a.name}” of ${user.name}?`}
                    body={<p>{who} can no longer sign in with it.</p>}
                    confirmLabel="Delete passkey"
                    pendingLabel="Deleting…"
                    action={deletePasskeyAction}
                    input={{ ...u, id: a.id }}
                  />
                </li>
              ))}
            </ul>
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="font-medium">Bound devices</h3>
            <p className="mt-1 text-xs text-slate-500">
              Deleting a bound device here does not remove the keys stored on the device itself.
            </p>
            {byKind("BINDING").length === 0 && <p className="mt-1 text-sm text-slate-600">None</p>}
            <ul className="mt-2 space-y-2">
              {byKind("BINDING").map((a) => (
                <li key={a.id} data-authenticator-id={a.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                  {a.name}
                  <ConfirmActionButton
                    variant="danger"
                    label="Delete"
                    title={`Delete the bound device “${a.name}” of ${user.name}?`}
                    body={<p>The server forgets it; the keys stored on the device are not removed.</p>}
                    confirmLabel="Delete bound device"
                    pendingLabel="Deleting…"
                    action={deleteBoundDeviceAction}
                    input={{ ...u, id: a.id }}
                  />
                </li>
              ))}
            </ul>
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <h3 className="font-medium">Recovery codes</h3>
            <p className="mt-1 text-sm text-slate-600">
              {detail.recoveryCodes.total ? `${detail.recoveryCodes.remaining} of ${detail.recoveryCodes.total} unused` : "None"}
            </p>
            {detail.recoveryCodes.total > 0 && (
              <div className="mt-3">
                <ConfirmActionButton
                  variant="danger"
                  label="Revoke recovery codes"
                  title={`Revoke the recovery codes of ${user.name}?`}
                  body={<p>All of {who}&apos;s recovery codes stop working. They can generate new ones themselves.</p>}
                  confirmLabel="Revoke recovery codes"
                  pendingLabel="Revoking…"
                  action={revokeRecoveryCodesAction}
                  input={u}
                />
              </div>
            )}
          </div>
        </div>
      </section>

      <section className={section} aria-labelledby="tokens-h">
        <h2 id="tokens-h" className={h2}>
          API tokens
        </h2>
        {detail.apiTokens.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{who} has no active personal access tokens.</p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600">
              Personal access tokens act as {who} on the REST API. <strong>Sign out everywhere</strong> revokes them all; disabling the user
              stops them too.
            </p>
            <ul className="mt-2 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white text-sm">
              {detail.apiTokens.map((t) => (
                <li key={t.id} data-token-id={t.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                  <span>
                    <span className="font-medium">{t.name}</span> <code className="rounded bg-slate-100 px-1 text-xs">{t.prefix}…</code>
                    <span className="text-slate-600">
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
                    title={`Revoke the token “${t.name}” of ${user.name}?`}
                    body={<p>Its next request fails. {who} can create a new one; nothing else changes.</p>}
                    confirmLabel="Revoke token"
                    pendingLabel="Revoking…"
                    action={adminRevokeUserTokenAction}
                    input={{ ...u, id: t.id }}
                  />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className={section} aria-labelledby="audit-h">
        <h2 id="audit-h" className={h2}>
          History
        </h2>
        <p className="text-sm">
          <Link
            href={auditLogHref("/admin/activity", { subject: user.email })}
            className="inline-flex min-h-11 items-center font-medium text-indigo-700 hover:underline"
          >
            All of {user.name}&apos;s history in the audit log
          </Link>
        </p>
        <ol className="mt-1 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" aria-label="User history">
          {detail.activity.map((item) => (
            <li key={item.id} className="flex flex-col gap-1 px-4 py-2 text-sm sm:flex-row sm:justify-between">
              <span>
                {describeActivity(item, user.name)}
                {item.unusual && (
                  <span className="ml-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
                    Unusual country
                  </span>
                )}
              </span>
              <RelativeTime iso={item.createdAt} className="text-xs text-slate-500" align="right" />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
