import type { ActionResult, DeviceActionResult } from "@/lib/action-result";

/** The server actions a device list can call; the page passes them in (user or, later, admin ones). */
export type DeviceActions = {
  untrust: (input: { deviceId: string }) => Promise<DeviceActionResult>;
  invalidate: (input: { deviceId: string }) => Promise<DeviceActionResult>;
  remove: (input: { deviceId: string }) => Promise<DeviceActionResult>;
  rename: (input: { deviceId: string; name: string }) => Promise<ActionResult<{ name: string }>>;
  revokeSession: (input: { sessionId: string }) => Promise<DeviceActionResult>;
  signOutOthers?: () => Promise<DeviceActionResult>;
};

export type DeviceOperation = "untrust" | "invalidate" | "remove";
