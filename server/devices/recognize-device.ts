import "server-only";
import type { Tx } from "@/server/db/client";
import { hashDeviceToken, newDeviceToken } from "@/server/devices/device-cookie";
import { parseUserAgent } from "@/lib/user-agent";
import { distinctDeviceName } from "@/lib/devices";
import type { RequestContext } from "@/server/request-context";
import { isInvalidated } from "@/server/devices/device-operation";
import { devicePlaceColumns } from "@/server/location/locate";

export type RecognizeDeviceInput = { userId: string; deviceToken: string; context: RequestContext; now: Date };

/**
 * Finds this browser's Device for the user (by the hash of its device cookie) or creates one.
 * A deleted device has forgotten its cookie hash, so the same browser gets a fresh Device; an
 * invalidated one is re-established (same row, `reestablishedAt` set, reported as new).
 *
 * Then the browser's device token is replaced by a fresh server-generated one (`deviceToken`,
 * for the cookie), carrying over every account's Device on this browser. A value someone planted
 * in the browser, or copied from it, stops naming the device at its next sign-in: it cannot be
 * used to pass as a remembered device and skip the second factor.
 */
export async function recognizeDevice(tx: Tx, { userId, deviceToken, context, now }: RecognizeDeviceInput) {
  const cookieHash = hashDeviceToken(deviceToken);
  const ua = parseUserAgent(context.userAgent);
  const seen = {
    authenticatedAt: now,
    lastSeenAt: now,
    lastIp: context.ip,
    ...devicePlaceColumns(context.ip),
    userAgent: context.userAgent,
  };
  const existing = await tx.device.findFirst({
    where: { userId, cookieHash, deletedAt: null },
    select: { id: true, invalidatedAt: true, reestablishedAt: true },
  });
  const rotated = newDeviceToken();
  const rotatedHash = hashDeviceToken(rotated);
  // The other accounts signed in on this browser keep their Device under the new token.
  await tx.device.updateMany({ where: { cookieHash, deletedAt: null, userId: { not: userId } }, data: { cookieHash: rotatedHash } });
  if (existing) {
    // After an invalidation the same row lives on, but this sign-in counts as a new device's.
    const reestablished = isInvalidated(existing);
    const device = await tx.device.update({
      where: { id: existing.id },
      data: {
        ...seen,
        cookieHash: rotatedHash,
        type: ua.type,
        os: ua.os,
        browser: ua.browser,
        ...(reestablished ? { reestablishedAt: now } : {}),
      },
    });
    return { device, created: false, reestablished, deviceToken: rotated };
  }
  // A name none of the user's devices has: two laptops with the same browser read apart everywhere.
  const alike = await tx.device.findMany({ where: { userId, deletedAt: null, name: { startsWith: ua.name } }, select: { name: true } });
  const name = distinctDeviceName(
    ua.name,
    alike.map((d) => d.name),
  );
  const device = await tx.device.create({
    data: { userId, cookieHash: rotatedHash, name, type: ua.type, os: ua.os, browser: ua.browser, ...seen },
  });
  return { device, created: true, reestablished: false, deviceToken: rotated };
}
