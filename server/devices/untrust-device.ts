import "server-only";
import { db } from "@/server/db";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { lockDeviceOrThrow } from "@/server/devices/lock-device";
import { endSessions } from "@/server/sessions/end-sessions";

export type DeviceOperationInput = { actor: Actor; userId: string; deviceId: string };
export type DeviceOperationResult = { changed: boolean; sessionsEnded: number; endedCurrentSession: boolean };

/**
 * Seed 001 "untrust": the device loses its trusted and remembered state and every live session on
 * it ends, so it must sign in again (with MFA when the user has it).
 */
export async function untrustDevice({ actor, userId, deviceId }: DeviceOperationInput): Promise<DeviceOperationResult> {
  return db.$transaction(async (tx) => {
    const device = await lockDeviceOrThrow(tx, userId, deviceId);
    const now = new Date();
    const wasTrusted = !!device.trustedAt || !!device.rememberedUntil;
    if (wasTrusted) await tx.device.update({ where: { id: device.id }, data: { trustedAt: null, rememberedUntil: null } });
    const ended = await endSessions(tx, { where: { deviceId: device.id, userId }, reason: "DEVICE_UNTRUSTED", now, currentSessionId: actor.sessionId });
    const changed = wasTrusted || ended.sessionsEnded > 0;
    if (changed) {
      await recordEvent(tx, {
        actorId: actor.userId, userId, deviceId: device.id, type: "DEVICE_UNTRUSTED", context: actor.context,
        detail: { deviceName: device.name, sessionsEnded: ended.sessionsEnded, wasTrusted },
      });
    }
    return { changed, ...ended };
  });
}
