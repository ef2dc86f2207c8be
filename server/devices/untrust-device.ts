import "server-only";
import { endDevice } from "@/server/devices/end-device";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/device-operation";

/**
 * Flashback "untrust": the device loses its trusted and remembered state and every live session on
 * it ends, so it must sign in again (with MFA when the user has it). Audited when anything changed.
 */
export async function untrustDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  const { changed, sessionsEnded, endedCurrentSession } = await endDevice({
    actor,
    userId,
    deviceId,
    changes: `d."trustedAt" IS NOT NULL OR d."rememberedUntil" IS NOT NULL`,
    set: `"trustedAt" = NULL, "rememberedUntil" = NULL`,
    reason: "DEVICE_UNTRUSTED",
    event: "DEVICE_UNTRUSTED",
    detail: `jsonb_build_object('deviceName', d.name, 'sessionsEnded', n.ended, 'wasTrusted', d.changes)`,
    auditWhen: `d.changes OR n.ended > 0`,
  });
  return { changed, sessionsEnded, endedCurrentSession };
}
