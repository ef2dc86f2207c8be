import "server-only";
import { rawQuery } from "@/server/db/client";
import { signInFactorsOf, type SecondFactorSetupReason, type SecurityOverview } from "@/lib/security";
import { secondFactorMethods } from "@/lib/sign-in-steps";

/** What removes a user's factors without their asking, and what adds one back. */
const RESETS = ["ADMIN_RESET_OATH", "ADMIN_RESET_PUSH", "ADMIN_DELETED_WEBAUTHN", "DEVICE_LOST"];
const ADDITIONS = ["TOTP_ADDED", "PASSKEY_ADDED", "PUSH_REGISTERED"];

/**
 * Whether a user left with no second factor by a reset should be led to set one up: their sign-in
 * now asks for the password only (no factor, no live temporary access code), and what removed their
 * factors since they last added one was an administrator's reset or a device marked as lost that
 * took factors with it — not a factor they removed themselves. Which of the two it was, or both
 * ("removed"): the notice says it as it happened. "skip-allowed" when the administrator also lets
 * them skip the second step (they are told why sign-in asks for none). Null otherwise. One short
 * query, only for users without a factor.
 */
export async function secondFactorSetupReason(userId: string, security: SecurityOverview): Promise<SecondFactorSetupReason | null> {
  // The factors the user has, whatever the skip option makes sign-in ask.
  if (secondFactorMethods({ ...signInFactorsOf(security), mfaSkip: undefined }).length) return null;
  // Raw: read on every render of the devices list for such a user (no per-call query compiling).
  // The removals since the last addition (newest first), as far back as 20 events.
  const events = await rawQuery<{ type: string; detail: unknown }>(
    `SELECT type, detail FROM "AuditEvent" WHERE "userId" = $1::uuid AND type = ANY($2::text[]) ORDER BY "createdAt" DESC LIMIT 20`,
    [userId, [...RESETS, ...ADDITIONS]],
  );
  // What removed nothing (a reset of a kind they had none of, a lost device with no factor on it)
  // changed nothing: left out. Then the removals since their last addition, newest first.
  const removedSomething = (e: { type: string; detail: unknown }) => {
    if (ADDITIONS.includes(e.type)) return true;
    const detail = (e.detail as Record<string, unknown> | null) ?? {};
    const count = e.type === "DEVICE_LOST" ? detail.factorsRemoved : e.type.startsWith("ADMIN_RESET_") ? detail.removed : 1;
    return typeof count === "number" && count > 0;
  };
  const changes = events.filter(removedSomething);
  const firstAddition = changes.findIndex((e) => ADDITIONS.includes(e.type));
  const removals = firstAddition === -1 ? changes : changes.slice(0, firstAddition);
  if (!removals.length) return null;
  // Told why sign-in asks for no second factor: the administrator lets them skip it (still, set one up).
  if (security.mfaSkip === "SKIPPABLE") return "skip-allowed";
  const lost = removals.some((e) => e.type === "DEVICE_LOST");
  const reset = removals.some((e) => e.type !== "DEVICE_LOST");
  return lost && reset ? "removed" : lost ? "device-lost" : "admin-reset";
}
