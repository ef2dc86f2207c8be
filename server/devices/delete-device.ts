import "server-only";
import { endDevice } from "@/server/devices/end-device";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/device-operation";

/**
 * "remove" (the /settings/devices API): the device disappears from the list (the row stays for the audit trail), its
 * sessions end, and its cookie is forgotten, so that browser's next sign-in creates a new Device.
 * A second delete answers "Device not found".
 */
export async function deleteDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  const { sessionsEnded, endedCurrentSession } = await endDevice({
    actor,
    userId,
    deviceId,
    changes: "true",
    set: `"deletedAt" = $3::timestamp, "cookieHash" = NULL, "trustedAt" = NULL, "rememberedUntil" = NULL`,
    reason: "DEVICE_DELETED",
    event: "DEVICE_DELETED",
    detail: `jsonb_build_object('deviceName', d.name, 'sessionsEnded', n.ended)`,
    auditWhen: "true",
  });
  return { changed: true, sessionsEnded, endedCurrentSession };
}
