import type { ActionResult, DeviceActionResult } from "@/lib/action-result";

/** The server actions a device list can call; the page passes them in (user or, later, admin ones). */
export type DeviceActions = {
  untrust: (deviceId: string) => Promise<DeviceActionResult>;
  invalidate: (deviceId: string) => Promise<DeviceActionResult>;
  remove: (deviceId: string) => Promise<DeviceActionResult>;
  rename: (input: { deviceId: string; name: string }) => Promise<ActionResult<{ name: string }>>;
  revokeSession: (sessionId: string) => Promise<DeviceActionResult>;
  signOutOthers?: () => Promise<DeviceActionResult>;
};

export type DeviceOperation = "untrust" | "invalidate" | "remove";
