import "server-only";
import type { Tx } from "@/server/db/client";

export const MFA_WINDOW_MS = 10 * 60 * 1000;
export const MFA_MAX_FAILURES_PER_ACCOUNT = 5;
export const MFA_MAX_FAILURES_PER_IP = 10;

/** Wrong second-factor codes, counted from the audit trail: 5 per account and 10 per IP in 10 minutes. */
export async function isMfaRateLimited(tx: Tx, { userId, ip }: { userId: string; ip: string | null }, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - MFA_WINDOW_MS);
  const [byAccount, byIp] = await Promise.all([
    tx.auditEvent.count({ where: { userId, type: "MFA_CHALLENGE_FAILED", createdAt: { gt: since } } }),
    ip ? tx.auditEvent.count({ where: { ip, type: "MFA_CHALLENGE_FAILED", createdAt: { gt: since } } }) : Promise.resolve(0),
  ]);
  return byAccount >= MFA_MAX_FAILURES_PER_ACCOUNT || byIp >= MFA_MAX_FAILURES_PER_IP;
}
