import type { DeviceActions } from "@/components/devices/types";
import {
  deleteDeviceAction,
  invalidateDeviceAction,
  markDeviceLostAction,
  renameDeviceAction,
  revokeSessionAction,
  untrustDeviceAction,
} from "./actions";

/** The signed-in user's own device actions, as the device list and a device's page hand them to the UI. */
export const userDeviceActions: DeviceActions = {
  untrust: untrustDeviceAction,
  invalidate: invalidateDeviceAction,
  remove: deleteDeviceAction,
  lost: markDeviceLostAction,
  rename: renameDeviceAction,
  revokeSession: revokeSessionAction,
};
