import "server-only";
import { db } from "@/server/db/client";
import { signInFactorsOf, type SecondFactorSetupReason, type SecurityOverview } from "@/lib/security";
import { secondFactorMethods } from "@/lib/sign-in-steps";

/** What removes a user's factors without their asking, and what adds one back. */
const RESETS = ["ADMIN_RESET_OATH", "ADMIN_RESET_PUSH", "ADMIN_DELETED_WEBAUTHN", "DEVICE_LOST"];
const ADDITIONS = ["TOTP_ADDED", "PASSKEY_ADDED", "PUSH_REGISTERED"];

/**
 * Whether a user left with no second factor by a reset should be led to set one up: their sign-in
 * now asks for the password only (no factor, no live temporary access code, and the administrator
 * did not let them skip the second step), and the last change to their factors was an
 * administrator's reset or a device marked as lost that took factors with it — not a factor they
 * removed themselves. Null otherwise. One short query, only for users without a second step.
 */
export async function secondFactorSetupReason(userId: string, security: SecurityOverview): Promise<SecondFactorSetupReason | null> {
  if (security.mfaSkip === "SKIPPABLE" || secondFactorMethods(signInFactorsOf(security)).length) return null;
  const last = await db.auditEvent.findFirst({
    where: { userId, type: { in: [...RESETS, ...ADDITIONS] } },
    orderBy: { createdAt: "desc" },
    select: { type: true, detail: true },
  });
  if (!last || ADDITIONS.includes(last.type)) return null;
  if (last.type !== "DEVICE_LOST") return "admin-reset";
  const removed = (last.detail as Record<string, unknown> | null)?.factorsRemoved;
  return typeof removed === "number" && removed > 0 ? "device-lost" : null;
}
