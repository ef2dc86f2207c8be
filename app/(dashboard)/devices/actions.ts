"use server";

// No revalidatePath here: the devices view refetches its react-query list after every mutation,
// and re-rendering the page inside each action's response doubled its cost (bench/devices-page).

import type { ActionResult, DeviceActionResult } from "@/lib/action-result";
import { deviceIdSchema, renameDeviceSchema, sessionIdSchema } from "@/lib/validation/devices";
import { runUserAction } from "@/server/auth/run-user-action";
import { untrustDevice } from "@/server/devices/untrust-device";
import { invalidateDevice } from "@/server/devices/invalidate-device";
import { deleteDevice } from "@/server/devices/delete-device";
import { renameDevice } from "@/server/devices/rename-device";
import { revokeSession } from "@/server/sessions/revoke-session";
import { revokeOtherSessions } from "@/server/sessions/revoke-other-sessions";

type DeviceOp = typeof untrustDevice;

async function deviceAction(op: DeviceOp, deviceId: unknown): Promise<DeviceActionResult> {
  const parsed = deviceIdSchema.safeParse(deviceId);
  if (!parsed.success) return { ok: false, error: "Invalid device id" };
  const result = await runUserAction(async ({ session, actor }) => {
    const r = await op({ actor, userId: session.userId, deviceId: parsed.data });
    return { changed: r.changed, sessionsEnded: r.sessionsEnded, signedOut: r.endedCurrentSession };
  });
  return result;
}

export async function untrustDeviceAction(deviceId: unknown) {
  return deviceAction(untrustDevice, deviceId);
}

export async function invalidateDeviceAction(deviceId: unknown) {
  return deviceAction(invalidateDevice, deviceId);
}

export async function deleteDeviceAction(deviceId: unknown) {
  return deviceAction(deleteDevice, deviceId);
}

export async function renameDeviceAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  const parsed = renameDeviceSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const result = await runUserAction(async ({ session, actor }) => {
    const r = await renameDevice({ actor, userId: session.userId, deviceId: parsed.data.deviceId, name: parsed.data.name });
    return { name: r.name };
  });
  return result;
}

export async function revokeSessionAction(sessionId: unknown): Promise<DeviceActionResult> {
  const parsed = sessionIdSchema.safeParse(sessionId);
  if (!parsed.success) return { ok: false, error: "Invalid session id" };
  const result = await runUserAction(async ({ session, actor }) => {
    const r = await revokeSession({ actor, userId: session.userId, sessionId: parsed.data });
    return { changed: r.changed, sessionsEnded: r.sessionsEnded, signedOut: r.endedCurrentSession };
  });
  return result;
}

export async function signOutOtherDevicesAction(): Promise<DeviceActionResult> {
  const result = await runUserAction(async ({ session, actor }) => {
    const r = await revokeOtherSessions({ actor, userId: session.userId });
    return { changed: r.changed, sessionsEnded: r.sessionsEnded, signedOut: false };
  });
  return result;
}
