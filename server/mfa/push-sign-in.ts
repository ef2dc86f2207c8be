import "server-only";
import crypto from "node:crypto";
import { errors as joseErrors, jwtVerify } from "jose";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { open, openRotating } from "@/server/crypto/secret-box";
import { liveChallenge } from "@/server/mfa/live-challenge";
import { AppError, notFound } from "@/server/errors";
import { getPushSender } from "@/server/mfa/push-sender";
import { MECHANISM_SECRET_PURPOSE, PUSH_TOKEN_PURPOSE } from "@/server/mfa/register-mobile-authenticator";
import { softwareOf } from "@/lib/user-agent";
import type { RequestContext } from "@/server/request-context";

/*
 * Push sign-in: the second step answered on a phone. The browser that passed the password step
 * asks for a push (sendSignInPush); every push authenticator of the account gets a message with
 * a message id and a random challenge; the app answers through
 * POST /api/v1/push/sns/message?_action=authenticate with an HS256 JWT, signed with its mechanism's
 * shared secret, whose `response` is base64url(HMAC-SHA256(secret, challenge)) and `deny: true` to
 * refuse (answerSignInPush). The browser polls pushSignInStatus and, once approved, completes the
 * sign-in with the message id (complete-mfa-sign-in.ts), which consumes the challenge.
 */

/** A push authenticator that can be reached: its app registered a push token and a device id. */
export const PUSH_REACHABLE = { kind: "PUSH", pushTokenEnc: { not: null }, platformDeviceId: { not: null } } as const;
/** PUSH_REACHABLE, for a row already read. */
export const isPushReachable = (a: { kind: string; pushTokenEnc: string | null; platformDeviceId: string | null }) =>
  a.kind === "PUSH" && a.pushTokenEnc !== null && a.platformDeviceId !== null;

/** How long a push can be answered. */
export const PUSH_TTL_MS = 2 * 60 * 1000;
/** Pushes per sign-in attempt, and the pause between two: no flooding a phone with prompts. */
export const MAX_PUSHES_PER_CHALLENGE = 5;
export const PUSH_RESEND_AFTER_MS = 10_000;

export type PushSent = { messageId: string; sentTo: string[]; expiresAt: string };
export type PushStatus = "pending" | "approved" | "denied" | "expired";

/** The expected answer to a challenge: base64url(HMAC-SHA256(the mechanism's secret, the challenge)). */
export const pushResponse = (secret: string, challenge: string) =>
  crypto.createHmac("sha256", secret).update(challenge).digest("base64url");

/** Sends a sign-in push to the account's push authenticators; null when there is no live challenge. */
export async function sendSignInPush({
  challengeToken,
  deviceToken,
  context,
}: {
  challengeToken: string | undefined;
  deviceToken: string | undefined;
  context: RequestContext;
}): Promise<PushSent | null> {
  const now = new Date();
  const challenge = await liveChallenge(challengeToken, deviceToken, now);
  if (!challenge) return null;
  if (challenge.pushSends >= MAX_PUSHES_PER_CHALLENGE)
    throw new AppError("RATE_LIMITED", "That is enough pushes for one sign-in: use another way, or start again.");
  if (challenge.pushSentAt && now.getTime() - challenge.pushSentAt.getTime() < PUSH_RESEND_AFTER_MS)
    throw new AppError("RATE_LIMITED", "A push was sent a moment ago: wait a few seconds before sending another.");
  const phones = await db.authenticator.findMany({
    where: { userId: challenge.userId, ...PUSH_REACHABLE },
    select: { name: true, platformDeviceId: true, pushTokenEnc: true, mechanismUid: true },
    orderBy: { createdAt: "asc" },
  });
  if (!phones.length) throw new AppError("CONFLICT", "This account has no phone set up for push sign-in.");
  const messageId = crypto.randomUUID();
  const nonce = crypto.randomBytes(32).toString("base64url");
  // Conditional on what was read: two concurrent sends cannot both pass the limits above.
  const { count } = await db.mfaChallenge.updateMany({
    where: { id: challenge.id, consumedAt: null, pushSends: challenge.pushSends },
    data: {
      pushMessageId: messageId,
      pushChallenge: nonce,
      pushSentAt: now,
      pushSends: { increment: 1 },
      pushAnswer: null,
      pushAnsweredAt: null,
      pushAuthenticatorId: null,
    },
  });
  if (!count) throw new AppError("RATE_LIMITED", "A push was sent a moment ago: wait a few seconds before sending another.");
  const from = softwareOf(context.userAgent);
  const sender = getPushSender();
  for (const phone of phones) {
    const pushToken = open(phone.pushTokenEnc!, PUSH_TOKEN_PURPOSE);
    if (!pushToken) continue; // sealed with a secret no longer known: the app must register again
    await sender.send({
      platformDeviceId: phone.platformDeviceId!,
      pushToken,
      title: "Sign in to Devicekeeper?",
      body: `Approve only if you are signing in now${from ? ` (${from})` : ""}.`,
      data: { messageId, challenge: nonce, mechanismUid: phone.mechanismUid ?? "", ttl: String(PUSH_TTL_MS / 1000) },
    });
  }
  const expiresAt = new Date(Math.min(now.getTime() + PUSH_TTL_MS, challenge.expiresAt.getTime()));
  return { messageId, sentTo: phones.map((p) => p.name), expiresAt: expiresAt.toISOString() };
}

/** What became of the last push for this browser's challenge. */
export async function pushSignInStatus({
  challengeToken,
  deviceToken,
  messageId,
}: {
  challengeToken: string | undefined;
  deviceToken: string | undefined;
  messageId: string;
}): Promise<PushStatus> {
  const now = new Date();
  const c = await liveChallenge(challengeToken, deviceToken, now);
  if (!c || c.pushMessageId !== messageId || !c.pushSentAt) return "expired";
  if (c.pushAnswer === "APPROVED") return "approved";
  if (c.pushAnswer === "DENIED") return "denied";
  return now.getTime() - c.pushSentAt.getTime() < PUSH_TTL_MS ? "pending" : "expired";
}

/** Whether this challenge's push `messageId` was approved in time: the sign-in's last check. */
export function isApprovedPush(
  c: { pushMessageId: string | null; pushAnswer: string | null; pushSentAt: Date | null },
  messageId: string,
  now: Date,
) {
  return (
    c.pushMessageId === messageId && c.pushAnswer === "APPROVED" && !!c.pushSentAt && now.getTime() - c.pushSentAt.getTime() < PUSH_TTL_MS
  );
}

/**
 * The app's answer (Ping Identity AIC's push/sns/message?_action=authenticate): a JWT signed with
 * the mechanism's secret over the challenge it was sent. Approves or denies once; a denial is
 * audited as a failed second step (it counts toward the challenge's attempts).
 */
export async function answerSignInPush({
  messageId,
  mechanismUid,
  jwt,
  context,
}: {
  messageId: string;
  mechanismUid: string;
  jwt: string;
  context: RequestContext;
}): Promise<{ result: true }> {
  const now = new Date();
  const c = await db.mfaChallenge.findUnique({ where: { pushMessageId: messageId } });
  if (
    !c ||
    c.consumedAt ||
    c.expiresAt <= now ||
    !c.pushSentAt ||
    !c.pushChallenge ||
    now.getTime() - c.pushSentAt.getTime() >= PUSH_TTL_MS
  )
    throw notFound("Push message");
  if (c.pushAnswer) throw new AppError("CONFLICT", "This push was already answered.");
  const mechanism = await db.authenticator.findFirst({
    where: { mechanismUid, kind: "PUSH", userId: c.userId },
    select: { id: true, userId: true, deviceId: true, secretEnc: true },
  });
  const secret = mechanism?.secretEnc ? openRotating(mechanism.secretEnc, MECHANISM_SECRET_PURPOSE)?.plaintext : null;
  if (!mechanism || !secret) throw notFound("Push message");
  let approve: boolean;
  try {
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      requiredClaims: ["exp"],
      maxTokenAge: "2m",
      clockTolerance: 60,
    });
    const expected = Buffer.from(pushResponse(secret, c.pushChallenge));
    const given = Buffer.from(typeof payload.response === "string" ? payload.response : "");
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      throw new AppError("UNAUTHENTICATED", "The response does not answer this push's challenge");
    approve = payload.deny !== true;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof joseErrors.JWTExpired) throw new AppError("UNAUTHENTICATED", "The JWT has expired");
    throw new AppError("UNAUTHENTICATED", "The JWT could not be verified");
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.mfaChallenge.updateMany({
      where: { id: c.id, pushMessageId: messageId, pushAnswer: null, consumedAt: null },
      data: {
        pushAnswer: approve ? "APPROVED" : "DENIED",
        pushAnsweredAt: now,
        pushAuthenticatorId: mechanism.id,
        ...(approve ? {} : { failedAttempts: { increment: 1 } }),
      },
    });
    if (!count) throw new AppError("CONFLICT", "This push was already answered.");
    await tx.authenticator.update({ where: { id: mechanism.id }, data: { lastUsedAt: now } });
    if (!approve)
      await recordEvent(tx, {
        actorId: c.userId,
        userId: c.userId,
        deviceId: mechanism.deviceId,
        type: "MFA_CHALLENGE_FAILED",
        context,
        detail: { method: "push", denied: true },
      });
  });
  return { result: true };
}
