import "server-only";
import { db } from "@/server/db/client";
import type { DeviceOperationInput } from "@/server/devices/device-operation";
import { lockDeviceOrThrow } from "@/server/devices/lock-device";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { recordEvent } from "@/server/audit/record-event";

/**
 * "This was me" from the security checkup, as the new-device email's link answers it: the device is
 * recognised (no longer shown as new) and its unusual sign-ins count as reviewed. One transaction
 * with its DEVICE_RECOGNIZED audit row; the device row is locked first, as every device operation does.
 */
export async function confirmDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<{ name: string }> {
  assertMayActFor(actor, userId, "Device");
  return db.$transaction(async (tx) => {
    const device = await lockDeviceOrThrow(tx, userId, deviceId);
    await tx.device.update({ where: { id: device.id }, data: { recognizedAt: new Date() } });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      deviceId: device.id,
      type: "DEVICE_RECOGNIZED",
      context: actor.context,
      detail: { through: "checkup", deviceName: device.name },
    });
    return { name: device.name };
  });
}
