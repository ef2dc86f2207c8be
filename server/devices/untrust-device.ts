import "server-only";
import { endDevice } from "@/server/devices/end-device";
import type { DeviceOperationInput, DeviceOperationResult } from "@/server/devices/device-operation";

/**
 * Flashback "untrust": the device loses its trusted and remembered state and every live session on
 * it ends, so it must sign in again (with MFA when the user has it). Audited when anything changed.
 */
export async function untrustDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  const { changed, sessionsEnded, endedCurrentSession, apps } = await endDevice({ kind: "untrust", actor, userId, deviceId });
  return { changed, sessionsEnded, endedCurrentSession, apps };
}
