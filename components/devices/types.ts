import type { ActionResult, DeviceActionResult } from "@/lib/action-result";

/** What "I lost this device" answers: what ending it answers, its name and the second factors removed (their names). */
export type LostDeviceResult = ActionResult<{
  changed: boolean;
  sessionsEnded: number;
  endedCurrentSession: boolean;
  apps: string[];
  name: string;
  factorsRemoved: string[];
}>;

/** The server actions a device list can call; the page passes them in (user or, later, admin ones). */
export type DeviceActions = {
  untrust: (input: { deviceId: string }) => Promise<DeviceActionResult>;
  invalidate: (input: { deviceId: string }) => Promise<DeviceActionResult>;
  remove: (input: { deviceId: string }) => Promise<DeviceActionResult>;
  /** "I lost this device"; `password` answers a step-up request (it removes second factors). */
  lost?: (input: { deviceId: string; password?: string }) => Promise<LostDeviceResult>;
  rename: (input: { deviceId: string; name: string }) => Promise<ActionResult<{ name: string }>>;
  revokeSession: (input: { sessionId: string }) => Promise<DeviceActionResult>;
  signOutOthers?: () => Promise<DeviceActionResult>;
};

export type DeviceOperation = "untrust" | "invalidate" | "remove";
