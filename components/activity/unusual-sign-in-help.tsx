"use client";

import Link from "next/link";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import type { ActionResult } from "@/lib/action-result";
import { appsSignedOutToo } from "@/lib/devices";

type SignOutOthers = () => Promise<ActionResult<{ sessionsEnded: number; apps: string[] }>>;

/**
 * An unusual-country sign-in whose device was since removed: its page is gone, so no "Wasn't you?".
 * What still helps is offered instead: end every other session, and change the password.
 */
export function UnusualSignInHelp({ deviceName, signOutOthers }: { deviceName: string | null; signOutOthers: SignOutOthers }) {
  const n = (k: number) => `${k} other ${k === 1 ? "session" : "sessions"}`;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2" data-testid="unusual-sign-in-help">
      <p className="w-full text-fg-muted">
        {deviceName ? `${deviceName} was removed since.` : "That device was removed since."} If it wasn&apos;t you:
      </p>
      <ConfirmActionButton
        label="Sign out all other devices"
        title="Sign out all other devices?"
        body={<p>Every session on your other devices ends at once. You stay signed in on this browser.</p>}
        confirmLabel="Sign out all other devices"
        pendingLabel="Signing out…"
        action={async () => {
          const r = await signOutOthers();
          if (!r.ok) return r;
          return {
            ...r,
            message: r.sessionsEnded
              ? `Signed out ${n(r.sessionsEnded)}.${appsSignedOutToo(r.apps)}`
              : "There were no other sessions to sign out.",
          };
        }}
        input={{}}
        variant="danger"
        stepUp={false}
      />
      <Link
        href="/security#password"
        className="inline-flex min-h-11 items-center rounded-md border border-line-strong px-3 text-sm font-medium hover:bg-canvas"
      >
        Change your password
      </Link>
    </div>
  );
}
