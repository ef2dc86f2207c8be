import "server-only";
import { Prisma } from "@/prisma/generated/client";
import type { Tx } from "@/server/db/client";
import { notFound } from "@/server/errors";
import { deviceIdSchema } from "@/lib/validation/devices";

export type LockedDevice = {
  id: string;
  name: string;
  trustedAt: Date | null;
  rememberedUntil: Date | null;
  invalidatedAt: Date | null;
  reestablishedAt: Date | null;
};

/**
 * Reads the user's (undeleted) device and locks its row until the transaction ends, so two
 * concurrent operations on one device run one after the other and the second sees the first's
 * result. Another user's device is reported exactly like a missing one.
 */
export async function lockDeviceOrThrow(tx: Tx, userId: string, deviceId: string): Promise<LockedDevice> {
  if (!deviceIdSchema.safeParse(deviceId).success) throw notFound("Device");
  const rows = await tx.$queryRaw<LockedDevice[]>(Prisma.sql`
    SELECT id, name, "trustedAt", "rememberedUntil", "invalidatedAt", "reestablishedAt"
    FROM "Device"
    WHERE id = ${deviceId}::uuid AND "userId" = ${userId}::uuid AND "deletedAt" IS NULL
    FOR UPDATE`);
  const device = rows[0];
  if (!device) throw notFound("Device");
  return device;
}
