import "server-only";
import { errors as joseErrors, jwtVerify } from "jose";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { AppError, notFound } from "@/server/errors";
import { openRotating, seal } from "@/server/crypto/secret-box";
import { MECHANISM_SECRET_PURPOSE } from "@/server/mfa/register-mobile-authenticator";
import type { RequestContext } from "@/server/request-context";

export type RefreshPushInput = { mechanismUid: string; username: string; jwt: string; context: RequestContext };

/** Longest lifetime we accept for a refresh JWT: it must be fresh, not a token kept for later. */
const MAX_JWT_AGE = "10m";

/**
 * Ping Identity AIC "Refresh push device IDs": the app sends a JWT signed (HS256) with its mechanism's shared
 * secret, carrying the platform's new `deviceId`. A bad signature, an expired JWT or an unknown
 * mechanism changes nothing.
 */
export async function refreshPushDeviceId({ mechanismUid, username, jwt, context }: RefreshPushInput) {
  const mechanism = await db.authenticator.findFirst({
    where: { mechanismUid, kind: "PUSH", user: { email: username.trim().toLowerCase(), disabledAt: null } },
    select: { id: true, userId: true, deviceId: true, secretEnc: true, platformDeviceId: true },
  });
  if (!mechanism) throw notFound("Push mechanism");
  const opened = mechanism.secretEnc ? openRotating(mechanism.secretEnc, MECHANISM_SECRET_PURPOSE) : null;
  if (!opened) throw notFound("Push mechanism");
  const secret = opened.plaintext;
  let deviceId: unknown;
  try {
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["exp"],
      maxTokenAge: MAX_JWT_AGE,
      clockTolerance: 60,
    });
    if (payload.mechanismUid !== undefined && payload.mechanismUid !== mechanismUid)
      throw new AppError("UNAUTHENTICATED", "The JWT is for another mechanism");
    deviceId = payload.deviceId;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof joseErrors.JWTExpired) throw new AppError("UNAUTHENTICATED", "The JWT has expired");
    throw new AppError("UNAUTHENTICATED", "The JWT could not be verified");
  }
  if (typeof deviceId !== "string" || !/^[\x21-\x7E]{1,256}$/.test(deviceId))
    throw new AppError("INVALID_INPUT", "The JWT carries no valid deviceId");
  await db.$transaction(async (tx) => {
    await tx.authenticator.update({
      where: { id: mechanism.id },
      // Sealed with a secret being rotated out: sealed again with the current one.
      data: {
        platformDeviceId: deviceId as string,
        lastUsedAt: new Date(),
        ...(opened.stale ? { secretEnc: seal(secret, MECHANISM_SECRET_PURPOSE) } : {}),
      },
    });
    await recordEvent(tx, {
      actorId: mechanism.userId,
      userId: mechanism.userId,
      deviceId: mechanism.deviceId,
      type: "PUSH_DEVICE_ID_REFRESHED",
      context,
      detail: { changed: mechanism.platformDeviceId !== deviceId },
    });
  });
  return { result: true as const };
}
