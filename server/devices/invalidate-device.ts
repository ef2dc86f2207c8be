import "server-only";
import { db } from "@/server/db";
import { recordEvent } from "@/server/audit/record-event";
import { isInvalidated, lockDeviceOrThrow } from "@/server/devices/lock-device";
import { endSessions } from "@/server/sessions/end-sessions";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/untrust-device";

/**
 * Seed 000 "invalidate": the device is treated as new from now on. Its sessions end, it is no longer
 * trusted or remembered, and its next sign-in is marked as a re-established (new) device.
 */
export async function invalidateDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  return db.$transaction(async (tx) => {
    const device = await lockDeviceOrThrow(tx, userId, deviceId);
    const now = new Date();
    const alreadyInvalidated = isInvalidated(device) && !device.trustedAt && !device.rememberedUntil;
    if (!alreadyInvalidated) {
      await tx.device.update({ where: { id: device.id }, data: { invalidatedAt: now, trustedAt: null, rememberedUntil: null } });
    }
    const ended = await endSessions(tx, { where: { deviceId: device.id, userId }, reason: "DEVICE_INVALIDATED", now, currentSessionId: actor.sessionId });
    const changed = !alreadyInvalidated || ended.sessionsEnded > 0;
    if (changed) {
      await recordEvent(tx, {
        actorId: actor.userId, userId, deviceId: device.id, type: "DEVICE_INVALIDATED", context: actor.context,
        detail: { deviceName: device.name, sessionsEnded: ended.sessionsEnded },
      });
    }
    return { changed, ...ended };
  });
}
