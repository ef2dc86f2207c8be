import "server-only";
import { endDevice, type RemovedFactor } from "@/server/devices/end-device";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/device-operation";

export type MarkDeviceLostResult = DeviceOperationResult & {
  /** The device's name, as the confirmation named it. */
  name: string;
  /** The second factors that went with it, oldest first. */
  factorsRemoved: RemovedFactor[];
};

/**
 * "I lost this device" (its user, from another device) and "Lost device" (an administrator): one
 * statement, so one transaction — every live session on the device ends (and with each, by the
 * Session trigger, the apps signed in through it), it is no longer trusted or remembered, its next
 * sign-in counts as a new device, every second factor enrolled on it is removed (its push and
 * binding registrations, passkeys made on it, any factor added from it), and one DEVICE_LOST
 * audit row says what went (the webhook and email triggers read it). The actor is checked here
 * (assertMayActFor, in endDevice); another user's device is "Device not found", like a missing
 * one. A second call finds nothing left to change: `changed` false, no audit row.
 */
export async function markDeviceLost({ actor, userId, deviceId }: DeviceOperationInput): Promise<MarkDeviceLostResult> {
  const { changed, sessionsEnded, endedCurrentSession, apps, factorsRemoved, device } = await endDevice({
    kind: "lost",
    actor,
    userId,
    deviceId,
  });
  return { changed, sessionsEnded, endedCurrentSession, apps, name: device.name, factorsRemoved };
}
