import "server-only";
import { withConnection, type RawQuery } from "@/server/db/adapter";
import { failureRetentionMs, throttleLimits } from "@/server/auth/throttle";
import { DAY_MS, envNumber } from "@/server/config";
import { logger } from "@/server/observability/logger";

/**
 * Retention: what is pruned, and after how long (days, from the environment):
 * - sessions ended (revoked or expired) more than SESSION_RETENTION_DAYS ago (default 30);
 * - MFA challenges consumed or expired more than a day ago;
 * - brute-force counters that have left their window;
 * - audit rows older than AUDIT_RETENTION_DAYS (default 400);
 * - finished webhook deliveries (delivered or given up) older than WEBHOOK_RETENTION_DAYS (default 30);
 * - finished security emails (sent, kept in the dev outbox, given up) older than MAIL_RETENTION_DAYS (default 30);
 * - email links (password reset, "Was this you?") and temporary access codes used or expired more
 *   than a day ago;
 * - the OpenID Provider's expired rows (sessions, grants, codes, tokens, interactions), and its
 *   finished back-channel logouts after WEBHOOK_RETENTION_DAYS.
 * In batches of BATCH rows, each its own short statement (no long locks), under an advisory lock
 * so one instance prunes at a time.
 */
export type PruneCounts = {
  sessions: number;
  mfaChallenges: number;
  authFailures: number;
  auditEvents: number;
  webhookDeliveries: number;
  mails: number;
  emailLinks: number;
  temporaryAccessCodes: number;
  oidcRows: number;
  logoutDeliveries: number;
};
export type PruneResult = ({ ran: true } & PruneCounts) | { ran: false };

const BATCH = 1000;
export const PRUNE_LOCK = 72707371; // pg_advisory_lock key (72707370 serialises admin changes)
const days = (v: string | undefined, fallback: number) => envNumber(v, fallback) * DAY_MS;

/** Deletes the rows `where` selects, BATCH at a time, by their key columns; answers how many. */
async function deleteInBatches(query: RawQuery, table: string, where: string, params: unknown[], key = ["id"]): Promise<number> {
  let total = 0;
  const columns = key.map((k) => `"${k}"`).join(", ");
  const match = key.map((k) => `t."${k}" = doomed."${k}"`).join(" AND ");
  for (;;) {
    const [row] = await query<{ n: number }>(
      `WITH doomed AS (SELECT ${columns} FROM "${table}" WHERE ${where} LIMIT ${BATCH}),
            gone AS (DELETE FROM "${table}" t USING doomed WHERE ${match} RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      params,
    );
    total += row?.n ?? 0;
    if ((row?.n ?? 0) < BATCH) return total;
  }
}

// The advisory lock keeps instances apart; this keeps one process's runs apart (PGlite has a single
// session, in which an advisory lock is re-entrant).
let running = false;

export async function prune({ now = new Date(), env = process.env }: { now?: Date; env?: NodeJS.ProcessEnv } = {}): Promise<PruneResult> {
  if (running) return { ran: false };
  running = true;
  try {
    return await pruneOnce(now, env);
  } finally {
    running = false;
  }
}

async function pruneOnce(now: Date, env: NodeJS.ProcessEnv): Promise<PruneResult> {
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
  return withConnection(async (query) => {
    const [lock] = await query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [PRUNE_LOCK]);
    if (!lock?.locked) return { ran: false };
    try {
      const sessionsBefore = before(days(env.SESSION_RETENTION_DAYS, 30));
      const sessions = await deleteInBatches(
        query,
        "Session",
        `"revokedAt" < $1::timestamp OR ("revokedAt" IS NULL AND "expiresAt" < $1::timestamp)`,
        [sessionsBefore],
      );
      const dayAgo = before(DAY_MS);
      const mfaChallenges = await deleteInBatches(query, "MfaChallenge", `"consumedAt" < $1::timestamp OR "expiresAt" < $1::timestamp`, [
        dayAgo,
      ]);
      const authFailures = await deleteInBatches(query, "AuthFailure", `"createdAt" < $1::timestamp`, [
        before(failureRetentionMs(throttleLimits(env))),
      ]);
      const auditEvents = await deleteInBatches(query, "AuditEvent", `"createdAt" < $1::timestamp`, [
        before(days(env.AUDIT_RETENTION_DAYS, 400)),
      ]);
      const webhookDeliveries = await deleteInBatches(query, "WebhookDelivery", `status <> 'PENDING' AND "createdAt" < $1::timestamp`, [
        before(days(env.WEBHOOK_RETENTION_DAYS, 30)),
      ]);
      const mails = await deleteInBatches(query, "MailOutbox", `status <> 'PENDING' AND "createdAt" < $1::timestamp`, [
        before(days(env.MAIL_RETENTION_DAYS, 30)),
      ]);
      const emailLinks = await deleteInBatches(query, "EmailLink", `"usedAt" < $1::timestamp OR "expiresAt" < $1::timestamp`, [dayAgo]);
      const temporaryAccessCodes = await deleteInBatches(
        query,
        "TemporaryAccessCode",
        `"usedAt" < $1::timestamp OR "expiresAt" < $1::timestamp`,
        [dayAgo],
      );
      const oidcRows = await deleteInBatches(query, "OidcPayload", `"expiresAt" < $1::timestamp`, [now.toISOString()], ["model", "id"]);
      const logoutDeliveries = await deleteInBatches(query, "LogoutDelivery", `status <> 'PENDING' AND "createdAt" < $1::timestamp`, [
        before(days(env.WEBHOOK_RETENTION_DAYS, 30)),
      ]);
      return {
        ran: true,
        sessions,
        mfaChallenges,
        authFailures,
        auditEvents,
        webhookDeliveries,
        mails,
        emailLinks,
        temporaryAccessCodes,
        oidcRows,
        logoutDeliveries,
      };
    } finally {
      await query(`SELECT pg_advisory_unlock($1)`, [PRUNE_LOCK]);
    }
  }, env);
}

/** Prunes now and every `everyMs` in the background of a server process (never keeps it alive). */
export function schedulePrune(everyMs = 6 * 60 * 60 * 1000, firstAfterMs = 60_000): () => void {
  const run = () =>
    void prune().then(
      (r) => {
        if (r.ran && Object.values(r).some((v) => typeof v === "number" && v > 0)) logger.info({ pruned: r }, "prune: done");
      },
      (e: unknown) => logger.error({ err: e }, "prune: failed"),
    );
  const first = setTimeout(run, firstAfterMs);
  const every = setInterval(run, everyMs);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
