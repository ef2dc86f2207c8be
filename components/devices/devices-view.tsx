"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { DeviceSummary } from "@/lib/devices";
import { hardNavigate } from "@/lib/hard-navigate";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DeviceCard } from "@/components/devices/device-card";
import { confirmCopy, type PendingConfirm } from "@/components/devices/confirm-copy";
import { devicesQueryKey, useDeviceMutations, useDevicesChangedElsewhere } from "@/components/devices/use-device-mutations";
import type { DeviceActions } from "@/components/devices/types";

async function fetchDevices(): Promise<DeviceSummary[]> {
  const res = await fetch("/api/me/devices", { cache: "no-store" });
  if (res.status === 401) {
    // This browser's session was ended (another tab, another device, an admin).
    hardNavigate("/sign-in");
    return new Promise(() => {});
  }
  if (!res.ok) throw new Error(`Could not load your devices (${res.status})`);
  return (await res.json()).devices;
}

type Props = { userId: string; initialDevices: DeviceSummary[]; actions: DeviceActions };

export function DevicesView({ userId, initialDevices, actions }: Props) {
  const {
    data: devices,
    isError,
    refetch,
    isFetching,
  } = useQuery({
    queryKey: devicesQueryKey(userId),
    queryFn: fetchDevices,
    initialData: initialDevices, // rendered by the server: no loading flash
    // Any focus or tick refetches (a change from another tab or an admin shows up), but not the
    // mount right after the server rendered the same data.
    staleTime: 0,
    refetchOnMount: false,
    // Changes from other devices or an administrator show up within seconds while the page is
    // visible (no polling in the background); this browser's other tabs are told at once.
    refetchInterval: 10_000,
    refetchOnWindowFocus: true,
  });
  const m = useDeviceMutations(userId, actions);
  useDevicesChangedElsewhere(userId);
  const [pending, setPending] = useState<PendingConfirm | null>(null);
  const [showSignedOut, setShowSignedOut] = useState(false);
  const otherSessions = devices.reduce((n, d) => n + d.sessions.filter((s) => s.state === "active" && !s.isCurrent).length, 0);

  const running =
    pending?.kind === "others"
      ? m.signOutOthers
      : pending?.kind === "session"
        ? m.revokeSession
        : pending
          ? m.operations[pending.kind]
          : null;

  async function confirm() {
    if (!pending) return;
    try {
      if (pending.kind === "others") await m.signOutOthers.mutateAsync(undefined);
      else if (pending.kind === "session") await m.revokeSession.mutateAsync({ sessionId: pending.session.id });
      else await m.operations[pending.kind].mutateAsync({ deviceId: pending.device.id, name: pending.device.name });
    } catch {
      // Rolled back and reported by the mutation's own error handler.
    }
    setPending(null);
  }

  // "This device" first, then the most recently active; signed-out devices in their own section.
  const ordered = [...devices].sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  const signedIn = ordered.filter((d) => d.isCurrent || d.activeSessionCount > 0);
  const signedOut = ordered.filter((d) => !d.isCurrent && d.activeSessionCount === 0);
  const card = (d: DeviceSummary) => (
    <DeviceCard
      key={d.id}
      device={d}
      onRequest={(kind) => setPending({ kind, device: d })}
      onRename={async (name) => {
        try {
          await m.rename.mutateAsync({ deviceId: d.id, name });
          return { ok: true };
        } catch (e) {
          return { ok: false, error: (e as Error).message };
        }
      }}
      onSignOutSession={(session) => setPending({ kind: "session", session, device: d })}
    />
  );

  const copy = pending ? confirmCopy(pending) : null;
  return (
    <>
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Your devices</h1>
          <p className="mt-1 text-sm text-slate-600">
            {signedIn.length} {signedIn.length === 1 ? "device is" : "devices are"} signed in to your account. If you don&apos;t recognise
            one, sign it out.
          </p>
        </div>
        {actions.signOutOthers && (
          <Button
            type="button"
            variant="secondary"
            disabled={otherSessions === 0}
            onClick={() => setPending({ kind: "others", sessions: otherSessions })}
          >
            Sign out all other devices
          </Button>
        )}
      </div>
      {isError && (
        <div
          role="alert"
          className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          Couldn&apos;t refresh the list; showing what was loaded last.
          <button type="button" onClick={() => void refetch()} className="font-medium underline" disabled={isFetching}>
            Try again
          </button>
        </div>
      )}
      {signedIn.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
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
              className="inline-flex min-h-11 items-center gap-2 text-base font-semibold text-slate-800"
            >
              <span aria-hidden="true">{showSignedOut ? "▾" : "▸"}</span>
              Signed out ({signedOut.length})
            </button>
          </h2>
          <p className="text-sm text-slate-600">
            Devices with no active session. They can sign in again; remove the ones you no longer use.
          </p>
          <ul id="signed-out-list" hidden={!showSignedOut} className="mt-3 space-y-3" aria-label="Signed-out devices">
            {showSignedOut && signedOut.map(card)}
          </ul>
        </section>
      )}
      {copy && (
        <ConfirmDialog
          open
          title={copy.title}
          confirmLabel={copy.confirmLabel}
          pendingLabel={copy.pendingLabel}
          pending={!!running?.isPending}
          onConfirm={() => void confirm()}
          onClose={() => setPending(null)}
        >
          {copy.body}
        </ConfirmDialog>
      )}
    </>
  );
}
