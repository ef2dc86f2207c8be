"use client";

import { lazy } from "react";

// What the devices pages show only after a click — the confirmation dialogs, "I lost this device",
// the rename field — is not part of the page's first load (#25: /devices within a few KB of Next's
// floor). Each is fetched once the page is idle (preloadDeviceDialogs), so a click opens it at once.
const load = {
  confirm: () => import("@/components/devices/pending-confirm-dialog"),
  lost: () => import("@/components/devices/lost-device-dialog"),
  rename: () => import("@/components/devices/device-name-editor"),
};

export const PendingConfirmDialog = lazy(load.confirm);
export const LostDeviceDialog = lazy(() => load.lost().then((m) => ({ default: m.LostDeviceDialog })));
export const DeviceNameEditor = lazy(() => load.rename().then((m) => ({ default: m.DeviceNameEditor })));

let preloaded = false;
/** Fetches the dialogs' code when the browser is idle after the page has loaded (once per page load). */
export function preloadDeviceDialogs(): () => void {
  if (preloaded) return () => {};
  const run = () => {
    preloaded = true;
    for (const fn of Object.values(load)) void fn().catch(() => (preloaded = false)); // offline: retried on the next mount
  };
  if (typeof window.requestIdleCallback === "function") {
    const id = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 200);
  return () => window.clearTimeout(id);
}
