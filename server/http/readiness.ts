import "server-only";
import { rawQuery } from "@/server/db/client";
import { readMigrations } from "@/server/db/migrate";

/*
 * Readiness (/api/ready): may a load balancer send this instance traffic? Yes while the database
 * answers, every migration this version knows has been applied, and the process is not shutting
 * down. Liveness (/api/health) only says the process answers.
 */

let draining = false;

/** Called on SIGTERM: from now on /api/ready answers 503, so the balancer stops sending requests. */
export const markDraining = () => void (draining = true);

export type Readiness = { ready: boolean; database: "ok" | "unreachable"; migrations: "ok" | string; shuttingDown: boolean };

let expected: string[] | null = null;
const CHECK_TIMEOUT_MS = 2_000;

export async function readiness(): Promise<Readiness> {
  const shuttingDown = draining;
  expected ??= readMigrations().map((m) => m.name);
  let applied: Set<string>;
  try {
    const rows = await Promise.race([
      rawQuery<{ name: string }>(
        `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [],
      ),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), CHECK_TIMEOUT_MS).unref()),
    ]);
    applied = new Set(rows.map((r) => r.name));
  } catch {
    return { ready: false, database: "unreachable", migrations: "unknown", shuttingDown };
  }
  const pending = expected.filter((name) => !applied.has(name));
  const migrations = pending.length ? `${pending.length} pending: run npm run db:migrate` : "ok";
  return { ready: !shuttingDown && pending.length === 0, database: "ok", migrations, shuttingDown };
}
