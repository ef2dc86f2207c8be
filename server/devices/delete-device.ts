import "server-only";
import { db } from "@/server/db";
import { recordEvent } from "@/server/audit/record-event";
import { lockDeviceOrThrow } from "@/server/devices/lock-device";
import { endSessions } from "@/server/sessions/end-sessions";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/untrust-device";

/**
 * Seed 003 "remove": the device disappears from the list (the row stays for the audit trail), its
 * sessions end, and its cookie is forgotten, so that browser's next sign-in creates a new Device.
 * A second delete answers "Device not found".
 */
export async function deleteDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  return db.$transaction(async (tx) => {
    const device = await lockDeviceOrThrow(tx, userId, deviceId);
    const now = new Date();
    await tx.device.update({
      where: { id: device.id },
      data: { deletedAt: now, cookieHash: null, trustedAt: null, rememberedUntil: null },
    });
    const ended = await endSessions(tx, { where: { deviceId: device.id, userId }, reason: "DEVICE_DELETED", now, currentSessionId: actor.sessionId });
    await recordEvent(tx, {
      actorId: actor.userId, userId, deviceId: device.id, type: "DEVICE_DELETED", context: actor.context,
      detail: { deviceName: device.name, sessionsEnded: ended.sessionsEnded },
    });
    return { changed: true, ...ended };
  });
}
