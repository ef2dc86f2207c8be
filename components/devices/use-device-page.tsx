"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Suspense, useEffect, useState, type ReactNode } from "react";
import { isTrustedOrRemembered, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import type { SecurityOverview } from "@/lib/security";
import { hardNavigate, isLeaving } from "@/lib/hard-navigate";
import { useToast } from "@/components/ui/toast";
import type { PendingConfirm } from "@/components/devices/confirm-copy";
import { LostDeviceDialog, PendingConfirmDialog, preloadDeviceDialogs } from "@/components/devices/device-dialogs";
import {
  announceDevicesChanged,
  devicesQueryKey,
  useDeviceMutations,
  useDevicesChangedElsewhere,
} from "@/components/devices/use-device-mutations";
import type { DeviceActions, DeviceOperation } from "@/components/devices/types";

async function fetchDevices(): Promise<DeviceSummary[]> {
  // This browser was just signed out and the page is leaving: a tick or a focus asks nothing more.
  if (isLeaving()) return new Promise(() => {});
  const res = await fetch("/api/me/devices", { cache: "no-store" });
  if (res.status === 401) {
    // This browser's session was ended (another tab, another device, an admin): the sign-in page says why.
    hardNavigate("/sign-in");
    return new Promise(() => {});
  }
  if (!res.ok) throw new Error(`Could not load your devices (${res.status})`);
  return (await res.json()).devices;
}

/**
 * What the devices list and a device's own page share: the user's devices, kept fresh (server
 * data first, then on focus, every 10 s while visible, and at once when another tab changes
 * them), the operations with their optimistic updates, and the confirmation dialog each asks first.
 * With the user's second factors (`security`), "I lost this device" too: its dialog says what
 * stays and what the next sign-in asks.
 */
export function useDevicePage(userId: string, initialDevices: DeviceSummary[], actions: DeviceActions, security?: SecurityOverview) {
  const query = useQuery({
    queryKey: devicesQueryKey(userId),
    queryFn: fetchDevices,
    initialData: initialDevices, // rendered by the server: no loading flash
    // Any focus or tick refetches (a change from another tab or an admin shows up), but not the
    // mount right after the server rendered the same data. No polling in the background.
    staleTime: 0,
    refetchOnMount: false,
    refetchInterval: 10_000,
    refetchOnWindowFocus: true,
  });
  const m = useDeviceMutations(userId, actions);
  useDevicesChangedElsewhere(userId);
  const [pending, setPending] = useState<PendingConfirm | null>(null);
  const [lost, setLost] = useState<DeviceSummary | null>(null);
  const qc = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  useEffect(preloadDeviceDialogs, []);

  const running =
    pending?.kind === "others"
      ? m.signOutOthers
      : pending?.kind === "session"
        ? m.revokeSession
        : pending
          ? m.operations[pending.kind]
          : null;

  async function confirm(onDone?: (p: PendingConfirm) => void) {
    if (!pending) return;
    try {
      if (pending.kind === "others") await m.signOutOthers.mutateAsync(undefined);
      else if (pending.kind === "session") await m.revokeSession.mutateAsync({ sessionId: pending.session.id });
      else
        await m.operations[pending.kind].mutateAsync({
          deviceId: pending.device.id,
          name: pending.device.name,
          trusted: isTrustedOrRemembered(pending.device),
        });
      onDone?.(pending);
    } catch {
      // Rolled back and reported by the mutation's own error handler.
    }
    setPending(null);
  }

  /** The handlers a DeviceCard needs for one device. */
  const cardHandlers = (d: DeviceSummary) => ({
    onRequest: (kind: DeviceOperation) => setPending({ kind, device: d }),
    onRename: async (name: string) => {
      try {
        await m.rename.mutateAsync({ deviceId: d.id, name });
        return { ok: true };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
    onSignOutSession: (session: SessionSummary) => setPending({ kind: "session", session, device: d }),
    onLost: security && actions.lost ? () => setLost(d) : undefined,
  });

  const lostDialog = lost && security && actions.lost && (
    <LostDeviceDialog
      device={lost}
      security={security}
      run={(password) => actions.lost!({ deviceId: lost.id, password })}
      onClose={() => setLost(null)}
      onDone={(result, message) => {
        setLost(null);
        announceDevicesChanged();
        if (result.endedCurrentSession) return hardNavigate("/sign-in");
        router.refresh(); // the second factors the next dialog lists
        // Said once the card shows it ("Marked as lost"), not before.
        void qc.invalidateQueries({ queryKey: devicesQueryKey(userId) }).finally(() => toast("success", message));
      }}
    />
  );

  const dialog = (onDone?: (p: PendingConfirm) => void): ReactNode => (
    <Suspense fallback={null}>
      {lostDialog ||
        (pending && (
          <PendingConfirmDialog
            pending={pending}
            isPending={!!running?.isPending}
            onConfirm={() => void confirm(onDone)}
            onClose={() => setPending(null)}
          />
        ))}
    </Suspense>
  );

  return { query, request: setPending, cardHandlers, dialog };
}
