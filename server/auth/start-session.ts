import "server-only";
import type { Tx } from "@/server/db/client";
import type { VerificationMethod } from "@/prisma/generated/client";
import { recordEvent } from "@/server/audit/record-event";
import { recognizeDevice } from "@/server/devices/recognize-device";
import { sessionPolicy } from "@/server/config";
import { enforceSessionLimit, lockSessionLimit } from "@/server/sessions/session-limit";
import type { RequestContext } from "@/server/request-context";

export const REMEMBER_DEVICE_DAYS = 30;

export type StartSessionInput = {
  user: { id: string; email: string; name: string };
  deviceToken: string;
  context: RequestContext;
  method: VerificationMethod;
  /** "Remember this device for 30 days" (only after a second factor). */
  remember?: boolean;
  /** The app this sign-in continues to, when an app sent the browser here (the new-device email names it). */
  app?: SignInApp | null;
};

/** An app signing a user in through Devicekeeper: its client id and the name users know it by. */
export type SignInApp = { clientId: string; name: string };

export type StartedSession = {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  deviceId: string;
  newDevice: boolean;
  /** The browser's new device token (rotated at every sign-in): set it as the device cookie. */
  deviceToken: string;
};

/**
 * A sign-in from a country none of the account's earlier sign-ins came from — when some of them
 * had a known place (the first located sign-in of an account is not unusual).
 */
async function isUnusualCountry(tx: Tx, userId: string, country: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ located: boolean; seen: boolean }[]>`
    SELECT count(*) > 0 AS located, coalesce(bool_or(detail->>'country' = ${country}), false) AS seen
      FROM "AuditEvent" WHERE "userId" = ${userId}::uuid AND type = 'SIGN_IN' AND detail->>'country' IS NOT NULL`;
  return !!row?.located && !row.seen;
}

/**
 * Finds or creates this browser's Device, starts a Session on it, and audits the sign-in. When an
 * administrator limited the user's sessions, the oldest beyond the limit end (server/sessions/session-limit.ts).
 */
export async function startSession(
  tx: Tx,
  { user, deviceToken, context, method, remember, app }: StartSessionInput,
): Promise<StartedSession> {
  const now = new Date();
  const limit = (await lockSessionLimit(tx, user.id))?.maxSessions ?? null;
  const {
    device,
    created,
    reestablished,
    deviceToken: rotated,
  } = await recognizeDevice(tx, { userId: user.id, deviceToken, context, now });
  const session = await tx.session.create({
    data: {
      userId: user.id,
      deviceId: device.id,
      createdAt: now,
      lastSeenAt: now,
      verifiedAt: now,
      method,
      expiresAt: new Date(now.getTime() + sessionPolicy().maxAgeMs),
      ip: context.ip,
      location: device.lastLocation,
      country: device.lastCountry,
      userAgent: context.userAgent,
    },
  });
  await tx.device.update({
    where: { id: device.id },
    data: {
      lastVerificationMethod: method,
      ...(remember
        ? { rememberedUntil: new Date(now.getTime() + REMEMBER_DEVICE_DAYS * 86_400_000), trustedAt: device.trustedAt ?? now }
        : {}),
    },
  });
  if (limit !== null) await enforceSessionLimit(tx, { userId: user.id, limit, keep: session.id, now, context });
  const newDevice = created || reestablished;
  const unusualCountry = device.lastCountry ? await isUnusualCountry(tx, user.id, device.lastCountry) : false;
  await recordEvent(tx, {
    actorId: user.id,
    userId: user.id,
    deviceId: device.id,
    type: "SIGN_IN",
    context,
    detail: {
      method,
      newDevice,
      reestablished,
      deviceName: device.name,
      remembered: !!remember,
      ...(app ? { clientId: app.clientId, appName: app.name } : {}),
      ...(device.lastCountry ? { location: device.lastLocation, country: device.lastCountry, unusualCountry } : {}),
    },
  });
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    sessionId: session.id,
    deviceId: device.id,
    newDevice,
    deviceToken: rotated,
  };
}
