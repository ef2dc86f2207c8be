import "server-only";
import { endDevice, type EndDeviceResult } from "@/server/devices/end-device";
import { IS_INVALIDATED_SQL, type DeviceOperationInput } from "@/server/devices/device-operation";

/**
 * Authsignal "invalidate": the device is treated as new from now on. Its sessions end, it is no longer
 * trusted or remembered, and its next sign-in is marked as a re-established (new) device. Already
 * invalidated (and not signed in since) with nothing to end: nothing changes, nothing is audited.
 * Answers the device as it now is.
 */
export async function invalidateDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<EndDeviceResult> {
  const alreadyInvalidated = `${IS_INVALIDATED_SQL} AND d."trustedAt" IS NULL AND d."rememberedUntil" IS NULL`;
  return endDevice({
    actor,
    userId,
    deviceId,
    changes: `NOT (${alreadyInvalidated})`,
    set: `"invalidatedAt" = $3::timestamp, "trustedAt" = NULL, "rememberedUntil" = NULL`,
    reason: "DEVICE_INVALIDATED",
    event: "DEVICE_INVALIDATED",
    detail: `jsonb_build_object('deviceName', d.name, 'sessionsEnded', n.ended)`,
    auditWhen: `d.changes OR n.ended > 0`,
  });
}
