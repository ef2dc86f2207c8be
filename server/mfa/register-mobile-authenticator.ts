import "server-only";
import crypto from "node:crypto";
import type { z } from "zod";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { seal } from "@/server/crypto/secret-box";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { AppError } from "@/server/errors";
import { getPushSender } from "@/server/mfa/push-sender";
import type { registerBindingSchema, registerPushSchema } from "@/lib/validation/mobile-authenticators";

export const MECHANISM_SECRET_PURPOSE = "mechanism-secret";
/** Per user and kind: enough for every phone a person has, not a table an API client can fill. */
export const MAX_MOBILE_AUTHENTICATORS = 10;
export const PUSH_TOKEN_PURPOSE = "push-token";

export type RegisterMobileInput =
  { kind: "PUSH"; data: z.infer<typeof registerPushSchema> } | { kind: "BINDING"; data: z.infer<typeof registerBindingSchema> };

export type RegisteredMechanism = { id: string; mechanismUid: string; sharedSecret: string; deviceName: string; createdDate: string };

/**
 * Registers a push or device-binding authenticator from a mobile app. The shared secret (which
 * signs the app's refresh JWTs) is returned once and stored only encrypted, as is the push token.
 */
export async function registerMobileAuthenticator({
  actor,
  userId,
  deviceId,
  input,
}: {
  actor: Actor;
  userId: string;
  deviceId: string | null;
  input: RegisterMobileInput;
}): Promise<RegisteredMechanism> {
  assertMayActFor(actor, userId, "User");
  const sharedSecret = crypto.randomBytes(32).toString("base64url");
  const mechanismUid = crypto.randomUUID();
  const created = await db.$transaction(async (tx) => {
    // One registration at a time per user (the row lock), so the cap holds under concurrency.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
    if ((await tx.authenticator.count({ where: { userId, kind: input.kind } })) >= MAX_MOBILE_AUTHENTICATORS) {
      throw new AppError(
        "CONFLICT",
        `You already have ${MAX_MOBILE_AUTHENTICATORS} ${input.kind === "PUSH" ? "push authenticators" : "bound devices"}: remove one at /security first.`,
      );
    }
    const a = await tx.authenticator.create({
      data: {
        userId,
        deviceId,
        kind: input.kind,
        name: input.data.deviceName,
        mechanismUid,
        platformDeviceId: input.data.platformDeviceId,
        secretEnc: seal(sharedSecret, MECHANISM_SECRET_PURPOSE),
        ...(input.kind === "PUSH"
          ? { pushTokenEnc: seal(input.data.pushToken, PUSH_TOKEN_PURPOSE) }
          : { publicKey: new Uint8Array(Buffer.from(input.data.publicKey, "base64url")) }),
      },
      select: { id: true, name: true, createdAt: true },
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      deviceId,
      type: input.kind === "PUSH" ? "PUSH_REGISTERED" : "BINDING_REGISTERED",
      context: actor.context,
      detail: { name: a.name },
    });
    return a;
  });
  if (input.kind === "PUSH") {
    await getPushSender().send({
      platformDeviceId: input.data.platformDeviceId,
      pushToken: input.data.pushToken,
      title: "Devicekeeper",
      body: "Push sign-in approvals are set up on this device.",
    });
  }
  return { id: created.id, mechanismUid, sharedSecret, deviceName: created.name, createdDate: created.createdAt.toISOString() };
}
