"use client";

import { useState } from "react";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { exactLocal, RelativeTime } from "@/components/ui/relative-time";
import { useClock } from "@/lib/use-clock";
import type { AdminUser } from "@/lib/admin";
import type { SecurityOverview } from "@/lib/security";
import type { AdminUserActions } from "@/components/admin/types";

type Props = {
  user: AdminUser;
  /** The live code, if any (never the code itself). */
  live: SecurityOverview["temporaryAccessCode"];
  /** How long a new code lasts (TEMPORARY_ACCESS_CODE_MINUTES). */
  minutes: number;
  /** The administrator is looking at their own account: someone else must vouch for them. */
  self: boolean;
  actions: Pick<AdminUserActions, "issueTemporaryCode" | "endTemporaryCode">;
};

/** "8 Dec 2026, 00:39 CET" (in the reader's locale): the day and the time zone too — an hour from now may be tomorrow. */
const clock = (at: string | number) => exactLocal(typeof at === "number" ? new Date(at).toISOString() : at);

/** "8 Dec 2026, 00:39 CET": when a code issued now would expire, by the page's clock (not when the page loaded). */
function ExpiresAt({ minutes }: { minutes: number }) {
  const now = useClock(30_000);
  return <>{now === null ? `${minutes} minutes from now` : clock(now + minutes * 60_000)}</>;
}

/**
 * "Getting back in" (Microsoft Entra's Temporary Access Pass): a code the administrator hands to a
 * user who lost their second factors. The dialog says what will happen; the code is shown once,
 * with a copy button; a live code can be ended at once.
 */
export function AdminTemporaryAccessCode({ user, live, minutes, self, actions }: Props) {
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const input = { userId: user.id };
  const name = user.name;
  return (
    <section className="mt-8" aria-labelledby="temporary-code-h">
      <h2 id="temporary-code-h" className="text-lg font-semibold">
        Temporary access code
      </h2>
      <p className="mt-1 text-sm text-fg-muted">
        For when {name} cannot use any second factor (a lost phone): a code you give them yourself, in person or by phone, that passes the
        second step of sign-in once, within {minutes} minutes, and then takes them to setting up a new authenticator app.
      </p>
      {issued && (
        <div className="mt-3">
          <OneTimeSecret
            heading={`Give this code to ${name} now`}
            explanation={`Give it to ${name} yourself — not by email. It is shown only now; it works once, until ${clock(issued.expiresAt)}.`}
            label={`Temporary access code for ${name}`}
            secret={issued.code}
            onDone={() => setIssued(null)}
          />
        </div>
      )}
      {live && (
        <p className="mt-3 text-sm" data-testid="temporary-code-live">
          A temporary access code is live{live.issuedBy ? ` (issued by ${live.issuedBy})` : ""}: it expires{" "}
          <RelativeTime iso={live.expiresAt} />, or when {name} signs in with it.
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {self ? (
          <p className="text-sm text-fg-soft">You cannot issue a temporary access code for your own account: ask another administrator.</p>
        ) : user.disabled ? (
          <p className="text-sm text-fg-soft">{name}&apos;s account is disabled: enable it before issuing a temporary access code.</p>
        ) : (
          <ConfirmActionButton
            label="Issue a temporary access code"
            title={`Issue a temporary access code for ${name}?`}
            body={
              <ul className="list-disc space-y-1 pl-5">
                <li>
                  {name} can use it once, instead of a second factor, until <ExpiresAt minutes={minutes} />; then they are taken to setting
                  up a new authenticator app.
                </li>
                {live && <li>It replaces the code issued earlier, which stops working.</li>}
                <li>You see the code only once, next: give it to {name} yourself.</li>
                <li>{name} is emailed a notice that you issued one (never the code itself).</li>
              </ul>
            }
            confirmLabel="Issue code"
            pendingLabel="Issuing…"
            action={actions.issueTemporaryCode}
            input={input}
            onSuccess={(r) => {
              if (typeof r.code === "string" && typeof r.expiresAt === "string") setIssued({ code: r.code, expiresAt: r.expiresAt });
            }}
          />
        )}
        {live && (
          <ConfirmActionButton
            variant="danger"
            label="End it now"
            // The visible words first (WCAG 2.5.3, label in name): "End it now" is what a voice user says.
            ariaLabel={`End it now: the temporary access code of ${name}`}
            title={`End the temporary access code of ${name}?`}
            body={<p>It stops working at once, and {name} is emailed that you ended it. You can issue a new one afterwards.</p>}
            confirmLabel="End it now"
            pendingLabel="Ending…"
            action={actions.endTemporaryCode}
            input={input}
            onSuccess={() => setIssued(null)}
          />
        )}
      </div>
    </section>
  );
}
