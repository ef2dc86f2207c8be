"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/action-result";
import { appsSignedOutToo, REVOKED_REASON_LABELS, type DeviceSummary, type SessionSummary } from "@/lib/devices";
import { useToast } from "@/components/ui/toast";
import { hardNavigate } from "@/lib/hard-navigate";
import type { DeviceActions, DeviceOperation } from "@/components/devices/types";
import { plural } from "@/lib/format";

/** Keyed by user, so a cache can never hold one account's devices under another's key. */
export const devicesQueryKey = (userId: string) => ["devices", userId] as const;

/**
 * Tells this browser's other tabs that the device list changed, so they refetch at once. A
 * BroadcastChannel also delivers to the other channels of the same tab, so each message names its
 * tab and that tab's own listener ignores it (the mutation refreshes its own list).
 */
const CHANNEL = "devicekeeper:devices";
const THIS_TAB = Math.random().toString(36).slice(2);
export function announceDevicesChanged(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ from: THIS_TAB });
  channel.close();
}

/** Refetches the list when another tab of this browser changed it. */
export function useDevicesChangedElsewhere(userId: string): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e: MessageEvent<{ from?: string }>) => {
      if (e.data?.from !== THIS_TAB) void qc.invalidateQueries({ queryKey: devicesQueryKey(userId) });
    };
    return () => channel.close();
  }, [qc, userId]);
}

class RefusedError extends Error {
  constructor(
    message: string,
    readonly signedOut: boolean,
  ) {
    super(message);
  }
}

/** " — 2 sessions ended", or nothing when none was live (not "0 sessions ended"). */
const ended = (n: number) => (n ? ` — ${plural(n, "session")} ended` : "");
const endSession = (s: SessionSummary, reason: string): SessionSummary =>
  s.state === "active" ? { ...s, state: "ended", endedReason: reason } : s;
const endAll = (d: DeviceSummary, reason: string, keep?: (s: SessionSummary) => boolean): DeviceSummary => {
  const sessions = d.sessions.map((s) => (keep?.(s) ? s : endSession(s, reason)));
  return { ...d, sessions, activeSessionCount: sessions.filter((s) => s.state === "active").length };
};

/** Applies the change to the cached list at once; rolls back with an error toast if the server refuses. */
function useOptimistic<V, R extends object>(
  queryKey: readonly unknown[],
  run: (vars: V) => Promise<ActionResult<R>>,
  apply: (list: DeviceSummary[], vars: V) => DeviceSummary[],
  describe: (result: R, vars: V) => string,
) {
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async (vars: V) => {
      const result = await run(vars);
      if (!result.ok) throw new RefusedError(result.error, !!result.signedOut);
      return result as R & { endedCurrentSession?: boolean };
    },
    onMutate: async (vars: V) => {
      await qc.cancelQueries({ queryKey });
      const previous = qc.getQueryData<DeviceSummary[]>(queryKey);
      if (previous) qc.setQueryData(queryKey, apply(previous, vars));
      return { previous };
    },
    onError: (error, _vars, snapshot) => {
      if (snapshot?.previous) qc.setQueryData(queryKey, snapshot.previous);
      if (error instanceof RefusedError && error.signedOut) return hardNavigate("/sign-in");
      toast("error", error instanceof RefusedError ? error.message : "Something went wrong. Nothing was changed; try again.");
    },
    onSuccess: (result, vars) => {
      announceDevicesChanged();
      if (result.endedCurrentSession) return hardNavigate("/sign-in");
      toast("success", describe(result, vars));
    },
    // Not when this browser was signed out: the page is leaving, and the list would only answer 401.
    onSettled: (result, error) =>
      result?.endedCurrentSession || (error instanceof RefusedError && error.signedOut) ? undefined : qc.invalidateQueries({ queryKey }),
  });
}

export function useDeviceMutations(userId: string, actions: DeviceActions) {
  const key = devicesQueryKey(userId);

  const operations: Record<
    DeviceOperation,
    ReturnType<
      typeof useOptimistic<
        { deviceId: string; name: string; trusted?: boolean },
        { changed: boolean; sessionsEnded: number; apps: string[] }
      >
    >
  > = {
    untrust: useOptimistic(
      key,
      ({ deviceId }) => actions.untrust({ deviceId }),
      (list, { deviceId }) =>
        list.map((d) =>
          d.id === deviceId ? { ...endAll(d, REVOKED_REASON_LABELS.DEVICE_UNTRUSTED!), trustedAt: null, rememberedUntil: null } : d,
        ),
      (r, v) =>
        r.changed
          ? `${v.name} signed out${ended(r.sessionsEnded)}${v.trusted ? "; it is no longer trusted" : ""}.${appsSignedOutToo(r.apps)}`
          : `${v.name} was already signed out.`,
    ),
    invalidate: useOptimistic(
      key,
      ({ deviceId }) => actions.invalidate({ deviceId }),
      (list, { deviceId }) =>
        list.map((d) =>
          d.id === deviceId
            ? {
                ...endAll(d, REVOKED_REASON_LABELS.DEVICE_INVALIDATED!),
                trustedAt: null,
                rememberedUntil: null,
                isInvalidated: true,
                invalidatedAt: new Date().toISOString(),
              }
            : d,
        ),
      (r, v) =>
        r.changed
          ? `${v.name} signed out${ended(r.sessionsEnded)}. It will sign in as a new device.${appsSignedOutToo(r.apps)}`
          : `${v.name} was already signed out and treated as new.`,
    ),
    remove: useOptimistic(
      key,
      ({ deviceId }) => actions.remove({ deviceId }),
      (list, { deviceId }) => list.filter((d) => d.id !== deviceId),
      (r, v) => `${v.name} removed${ended(r.sessionsEnded)}.${appsSignedOutToo(r.apps)}`,
    ),
  };

  const rename = useOptimistic(
    key,
    (v: { deviceId: string; name: string }) => actions.rename(v),
    (list, v) => list.map((d) => (d.id === v.deviceId ? { ...d, name: v.name.trim() } : d)),
    (r) => `Renamed to “${r.name}”.`,
  );

  const revokeSession = useOptimistic(
    key,
    ({ sessionId }: { sessionId: string }) => actions.revokeSession({ sessionId }),
    (list, { sessionId }) =>
      list.map((d) =>
        d.sessions.some((s) => s.id === sessionId) ? endAll(d, REVOKED_REASON_LABELS.SESSION_REVOKED!, (s) => s.id !== sessionId) : d,
      ),
    (r) => (r.changed ? `Session signed out.${appsSignedOutToo(r.apps)}` : "That session had already ended."),
  );

  const signOutOthers = useOptimistic(
    key,
    () => actions.signOutOthers?.() ?? Promise.resolve({ ok: false as const, error: "Not available here" }),
    (list) => list.map((d) => endAll(d, REVOKED_REASON_LABELS.OTHER_SESSIONS_REVOKED!, (s) => s.isCurrent)),
    (r) =>
      r.sessionsEnded
        ? `Signed out ${plural(r.sessionsEnded, "other session")}.${appsSignedOutToo(r.apps)}`
        : "There were no other sessions to sign out.",
  );

  return { operations, rename, revokeSession, signOutOthers };
}
