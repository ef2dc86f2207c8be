"use client";

import { useState, type ReactNode } from "react";
import type { DeviceSummary } from "@/lib/devices";
import type { SecurityOverview } from "@/lib/security";
import { Button } from "@/components/ui/button";
import { DeviceCard } from "@/components/devices/device-card";
import { useDevicePage } from "@/components/devices/use-device-page";
import type { DeviceActions } from "@/components/devices/types";

type Props = {
  userId: string;
  initialDevices: DeviceSummary[];
  actions: DeviceActions;
  /** The user's second factors, for "I lost this device". */
  security?: SecurityOverview;
  /** Shown under the heading: the security checkup's line, when something needs attention. */
  notice?: ReactNode;
};

export function DevicesView({ userId, initialDevices, actions, security, notice }: Props) {
  const { query, request, cardHandlers, dialog } = useDevicePage(userId, initialDevices, actions, security);
  const { data: devices, isError, refetch, isFetching } = query;
  const [showSignedOut, setShowSignedOut] = useState(false);
  const others = devices.flatMap((d) => d.sessions.filter((s) => s.state === "active" && !s.isCurrent));
  const otherSessions = others.length;
  // The apps those sessions signed in to, which end with them.
  const otherApps = [...new Set(others.flatMap((s) => s.apps))].sort((a, b) => a.localeCompare(b));

  // "This device" first, then the most recently active; signed-out devices in their own section.
  const ordered = [...devices].sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  const signedIn = ordered.filter((d) => d.isCurrent || d.activeSessionCount > 0);
  const signedOut = ordered.filter((d) => !d.isCurrent && d.activeSessionCount === 0);
  const card = (d: DeviceSummary) => <DeviceCard key={d.id} device={d} linkToPage {...cardHandlers(d)} />;

  return (
    <>
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Your devices</h1>
          <p className="mt-1 text-sm text-fg-muted">
            {signedIn.length} {signedIn.length === 1 ? "device is" : "devices are"} signed in to your account. If you don&apos;t recognise
            one, sign it out.
          </p>
        </div>
        {actions.signOutOthers && (
          <div className="flex flex-col items-start gap-1 sm:items-end">
            <Button
              type="button"
              variant="secondary"
              disabled={otherSessions === 0}
              aria-describedby={otherSessions === 0 ? "no-other-sessions" : undefined}
              onClick={() => request({ kind: "others", sessions: otherSessions, apps: otherApps })}
            >
              Sign out all other devices
            </Button>
            {/* Why it cannot be pressed, rather than a grey button that says nothing. */}
            {otherSessions === 0 && (
              <p id="no-other-sessions" className="text-xs text-fg-muted">
                No other device is signed in.
              </p>
            )}
          </div>
        )}
      </div>
      {notice}
      {isError && (
        <div
          role="alert"
          className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-warning-line bg-warning-soft px-4 py-3 text-sm text-warning-strong"
        >
          Couldn&apos;t refresh the list; showing what was loaded last.
          <button type="button" onClick={() => void refetch()} className="font-medium underline" disabled={isFetching}>
            Try again
          </button>
        </div>
      )}
      {signedIn.length === 0 ? (
        <div className="rounded-xl border border-dashed border-line-strong bg-surface p-8 text-center text-fg-muted">
          No devices are signed in to your account.
        </div>
      ) : (
        <ul className="space-y-3" aria-label="Signed-in devices">
          {signedIn.map(card)}
        </ul>
      )}
      {signedOut.length > 0 && (
        <section className="mt-8" aria-labelledby="signed-out-h">
          <h2 id="signed-out-h">
            <button
              type="button"
              aria-expanded={showSignedOut}
              aria-controls="signed-out-list"
              onClick={() => setShowSignedOut((v) => !v)}
              className="inline-flex min-h-11 items-center gap-2 text-base font-semibold text-fg"
            >
              <span aria-hidden="true">{showSignedOut ? "▾" : "▸"}</span>
              Signed out ({signedOut.length})
            </button>
          </h2>
          <p className="text-sm text-fg-muted">
            Devices with no active session. They can sign in again; remove the ones you no longer use.
          </p>
          <ul id="signed-out-list" hidden={!showSignedOut} className="mt-3 space-y-3" aria-label="Signed-out devices">
            {showSignedOut && signedOut.map(card)}
          </ul>
        </section>
      )}
      {dialog()}
    </>
  );
}
