// Applies prisma/migrations/*/migration.sql in order, recording them in Prisma's own
// `_prisma_migrations` table (same checksums), so `prisma migrate status/deploy` agree with it.
// Why not `prisma migrate deploy`: through the WASM engine it takes ~20 s on a fresh PGlite
// directory; running the SQL directly takes well under a second.
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseMode, openPglite, type Env } from "@/server/db/adapter";

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const buf = fs.readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: buf.toString("utf8"), checksum: crypto.createHash("sha256").update(buf).digest("hex") };
    });
}

/** The minimal surface both engines offer: run a script, run a parameterised query, in one transaction. */
interface MigrationConn {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  inTransaction(fn: (tx: Pick<MigrationConn, "query"> & { exec(sql: string): Promise<void> }) => Promise<void>): Promise<void>;
}

async function applyPending(conn: MigrationConn, migrations: Migration[], log: (msg: string) => void) {
  await conn.query(CREATE_TABLE);
  const applied = await conn.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  const done = new Map(applied.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]));
  const failed = applied.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  if (failed.length) {
    throw new Error(`Migration ${failed.join(", ")} failed earlier and was never resolved; see "prisma migrate resolve".`);
  }
  const known = new Set(migrations.map((m) => m.name));
  for (const name of done.keys()) {
    if (!known.has(name))
      throw new Error(
        `The database has migration ${name}, which this version of the app does not know. Is the app older than the database?`,
      );
  }
  let count = 0;
  for (const m of migrations) {
    const checksum = done.get(m.name);
    if (checksum) {
      if (checksum !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied (checksum mismatch).`);
      continue;
    }
    await conn.inTransaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
         VALUES ($1, $2, now(), $3, 1, now())`,
        [crypto.randomUUID(), m.checksum, m.name],
      );
    });
    log(`Applied migration ${m.name}`);
    count++;
  }
  return count;
}

export async function migrate(options: { env?: Env; log?: (msg: string) => void } = {}): Promise<number> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const migrations = readMigrations();
  if (databaseMode(env) === "pglite") {
    const { db } = await openPglite(env);
    return applyPending(
      {
        query: async (sql, params) => (await db.query(sql, params)).rows as never,
        inTransaction: (fn) =>
          db.transaction(async (tx) => {
            await fn({
              query: async (sql, params) => (await tx.query(sql, params)).rows as never,
              exec: async (sql) => void (await tx.exec(sql)),
            });
          }),
      },
      migrations,
      log,
    );
  }
  const { Client } = await import("pg");
  const client = new Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    // Two app instances starting together must not both migrate.
    await client.query(`SELECT pg_advisory_lock(72707369)`);
    return await applyPending(
      {
        query: async (sql, params) => (await client.query(sql, params)).rows,
        inTransaction: async (fn) => {
          await client.query("BEGIN");
          try {
            await fn({
              query: async (sql, params) => (await client.query(sql, params)).rows,
              exec: async (sql) => void (await client.query(sql)),
            });
            await client.query("COMMIT");
          } catch (e) {
            await client.query("ROLLBACK");
            throw e;
          }
        },
      },
      migrations,
      log,
    );
  } finally {
    await client.end();
  }
}
