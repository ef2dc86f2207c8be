import "server-only";
import { endDevice, type EndDeviceResult } from "@/server/devices/end-device";
import type { DeviceOperationInput } from "@/server/devices/device-operation";

/**
 * Authsignal "invalidate": the device is treated as new from now on. Its sessions end, it is no longer
 * trusted or remembered, and its next sign-in is marked as a re-established (new) device. Already
 * invalidated (and not signed in since) with nothing to end: nothing changes, nothing is audited.
 * Answers the device as it now is.
 */
export async function invalidateDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<EndDeviceResult> {
  return endDevice({ kind: "invalidate", actor, userId, deviceId });
}
