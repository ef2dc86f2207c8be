import "server-only";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { AppError } from "@/server/errors";
import { lockDeviceOrThrow } from "@/server/devices/lock-device";
import { deviceNameSchema } from "@/lib/validation/devices";

export type RenameDeviceInput = { actor: Actor; userId: string; deviceId: string; name: string };

/** Renames a device (1–64 printable characters, trimmed). Renaming to the same name changes nothing. */
export async function renameDevice({ actor, userId, deviceId, name }: RenameDeviceInput): Promise<{ changed: boolean; name: string }> {
  assertMayActFor(actor, userId, "Device");
  const parsed = deviceNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Invalid device name");
  const newName = parsed.data;
  return db.$transaction(async (tx) => {
    const device = await lockDeviceOrThrow(tx, userId, deviceId);
    if (device.name === newName) return { changed: false, name: newName };
    await tx.device.update({ where: { id: device.id }, data: { name: newName } });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      deviceId: device.id,
      type: "DEVICE_RENAMED",
      context: actor.context,
      detail: { from: device.name, to: newName },
    });
    return { changed: true, name: newName };
  });
}
