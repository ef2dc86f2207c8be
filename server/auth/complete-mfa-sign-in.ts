import "server-only";
import { countRateLimited, countSignInFailure } from "@/server/observability/metrics";
import { z } from "zod";
import { db, type Tx } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import { checkTotp, openTotpSecret, sealTotpSecret } from "@/server/mfa/totp";
import { recoveryCodeHashes } from "@/server/mfa/recovery-code-hash";
import { isMfaRateLimited, MFA_WINDOW_MS } from "@/server/mfa/rate-limit";
import { verifyPasskeyAssertion } from "@/server/mfa/passkey-authentication";
import { isApprovedPush } from "@/server/mfa/push-sign-in";
import { redeemTemporaryAccessCode } from "@/server/mfa/redeem-temporary-access-code";
import { liveChallenge, MAX_ATTEMPTS_PER_CHALLENGE } from "@/server/mfa/live-challenge";
import { startSession, type SignInApp, type StartedSession } from "@/server/auth/start-session";
import type { RequestContext } from "@/server/request-context";

export const mfaStepSchema = z.object({
  method: z.enum(["temporary-code", "totp", "recovery", "passkey", "push"]),
  // A passkey answer is the browser's JSON assertion; codes are short.
  code: z.string().trim().min(1).max(16_384),
  remember: z
    .union([z.boolean(), z.enum(["true", "false"])])
    .transform((v) => v === true || v === "true")
    .default(false),
});

export type MfaStepResult = { status: "signed-in"; session: StartedSession } | { status: "invalid" | "rate-limited" | "expired" };

/** A refused attempt is audited once per account, client and window (not once per try: no flooding). */
async function recordRateLimited(tx: Tx, { userId, context, now }: { userId: string; context: RequestContext; now: Date }) {
  const since = new Date(now.getTime() - MFA_WINDOW_MS);
  const already = await tx.auditEvent.count({ where: { userId, type: "MFA_RATE_LIMITED", ip: context.ip, createdAt: { gt: since } } });
  countRateLimited("second_factor");
  if (!already) await recordEvent(tx, { actorId: userId, userId, type: "MFA_RATE_LIMITED", context });
}

/**
 * The second step of sign-in against the challenge this browser holds: an authenticator app's
 * code, a passkey, an approved push, a recovery code, or an administrator's temporary access code.
 * A wrong answer of any kind counts toward the same limits (server/mfa/rate-limit.ts).
 */
export async function completeMfaSignIn(input: {
  challengeToken: string | undefined;
  deviceToken: string;
  credentials: unknown;
  context: RequestContext;
  /** The sealed WebAuthn challenge from the passkey-options step, for method "passkey". */
  passkeyChallenge?: string;
  /** The app the sign-in continues to (server/oidc/pending-sign-in.ts). */
  app?: SignInApp | null;
}): Promise<MfaStepResult> {
  const parsed = mfaStepSchema.safeParse(input.credentials);
  const now = new Date();
  const challenge = await liveChallenge(input.challengeToken, input.deviceToken, now);
  if (!challenge) return { status: "expired" };
  const userId = challenge.userId;
  const ip = input.context.ip;

  return db.$transaction(async (tx) => {
    // Attempts on one account, and from one client, run one at a time: the failures counted below
    // are exact, so parallel guesses cannot slip past the limit.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
    if (ip) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mfa:${ip}`}))`;
    const [fresh] = await tx.$queryRaw<
      {
        consumedAt: Date | null;
        failedAttempts: number;
        pushMessageId: string | null;
        pushAnswer: string | null;
        pushSentAt: Date | null;
      }[]
    >`
      SELECT "consumedAt", "failedAttempts", "pushMessageId"::text, "pushAnswer"::text, "pushSentAt"
      FROM "MfaChallenge" WHERE id = ${challenge.id}::uuid FOR UPDATE`;
    if (!fresh || fresh.consumedAt || fresh.failedAttempts >= MAX_ATTEMPTS_PER_CHALLENGE) return { status: "expired" as const };
    if (await isMfaRateLimited(tx, { userId, ip }, now)) {
      await recordRateLimited(tx, { userId, context: input.context, now });
      return { status: "rate-limited" as const };
    }
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, email: true, name: true, disabledAt: true },
    });
    let method: "AUTHENTICATOR_APP" | "RECOVERY_CODE" | "PASSKEY" | "PUSH" | "TEMPORARY_ACCESS_CODE" | null = null;
    if (parsed.success && !user.disabledAt) {
      const { method: kind, code } = parsed.data;
      if (kind === "totp") {
        const totps = await tx.authenticator.findMany({
          where: { userId, kind: "TOTP" },
          select: { id: true, secretEnc: true, lastTimeStep: true },
        });
        for (const a of totps) {
          const opened = openTotpSecret(a.secretEnc);
          const step = opened ? await checkTotp(opened.plaintext, code.replace(/\s/g, ""), a.lastTimeStep) : null;
          if (step == null) continue;
          // Conditional on the step, so the same code cannot be used twice, even concurrently.
          // Sealed with a secret being rotated out: sealed again with the current one.
          const { count } = await tx.authenticator.updateMany({
            where: { id: a.id, OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: step } }] },
            data: { lastTimeStep: step, lastUsedAt: now, ...(opened!.stale ? { secretEnc: sealTotpSecret(opened!.plaintext) } : {}) },
          });
          if (count) method = "AUTHENTICATOR_APP";
          break;
        }
      } else if (kind === "push") {
        // The phone already proved itself (answerSignInPush); this browser names the push it sent.
        if (isApprovedPush(fresh, code, now)) method = "PUSH";
      } else if (kind === "temporary-code") {
        if (await redeemTemporaryAccessCode(tx, { userId, code, now })) method = "TEMPORARY_ACCESS_CODE";
      } else if (kind === "passkey") {
        if (await verifyPasskeyAssertion(tx, { userId, sealedChallenge: input.passkeyChallenge, response: code, now })) method = "PASSKEY";
      } else {
        const { count } = await tx.recoveryCode.updateMany({
          where: { userId, codeHash: { in: recoveryCodeHashes(code) }, usedAt: null },
          data: { usedAt: now },
        });
        if (count) method = "RECOVERY_CODE";
      }
    }
    if (!method) {
      await tx.mfaChallenge.update({ where: { id: challenge.id }, data: { failedAttempts: { increment: 1 } } });
      countSignInFailure("second_factor");
      await recordEvent(tx, {
        actorId: userId,
        userId,
        type: "MFA_CHALLENGE_FAILED",
        context: input.context,
        detail: { method: parsed.success ? parsed.data.method : "invalid" },
      });
      return { status: "invalid" as const };
    }
    const consumed = await tx.mfaChallenge.updateMany({ where: { id: challenge.id, consumedAt: null }, data: { consumedAt: now } });
    if (!consumed.count) return { status: "expired" as const };
    if (method === "RECOVERY_CODE") {
      const left = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
      await recordEvent(tx, { actorId: userId, userId, type: "RECOVERY_CODE_USED", context: input.context, detail: { remaining: left } });
    }
    if (method === "TEMPORARY_ACCESS_CODE")
      await recordEvent(tx, { actorId: userId, userId, type: "TEMPORARY_ACCESS_CODE_USED", context: input.context });
    const session = await startSession(tx, {
      user,
      deviceToken: input.deviceToken,
      context: input.context,
      method,
      // A code that worked once vouches for this sign-in, not for this browser for 30 days.
      remember: parsed.success && parsed.data.remember && method !== "TEMPORARY_ACCESS_CODE",
      app: input.app,
    });
    return { status: "signed-in" as const, session };
  });
}
