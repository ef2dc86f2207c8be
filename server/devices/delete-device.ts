import "server-only";
import { endDevice } from "@/server/devices/end-device";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/device-operation";

/**
 * "remove" (the /settings/devices API): the device disappears from the list (the row stays for the audit trail), its
 * sessions end, and its cookie is forgotten, so that browser's next sign-in creates a new Device.
 * A second delete answers "Device not found".
 */
export async function deleteDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  const { sessionsEnded, endedCurrentSession, apps } = await endDevice({ kind: "delete", actor, userId, deviceId });
  return { changed: true, sessionsEnded, endedCurrentSession, apps };
}
