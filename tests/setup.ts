// Runs in every Vitest worker before its test files. Integration tests use a real database of
// their own, as they would on a fresh install: an in-memory PGlite per test file by default, or —
// when DATABASE_URL names a local PostgreSQL server — a fresh database per test file next to it,
// dropped when the file ends. Files run in parallel; one shared database let one file's failed
// sign-ins rate-limit another's and one file's mail run claim another's mail. A database a file
// leaves open (a LISTEN client, say) is dropped with the run's: scripts/fresh-database.ts --drop.
import { afterAll, beforeAll } from "vitest";

const url = process.env.DATABASE_URL?.trim();
let perFile: { admin: string; name: string } | undefined;
if (url) {
  const base = new URL(url);
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(base.hostname)) {
    throw new Error(`Refusing to run tests against a non-local database (${base.hostname}).`);
  }
  // Set before any test module loads, so the app's pools connect to this file's database.
  const name = `${base.pathname.slice(1) || "devicekeeper_test"}_f${process.pid}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 63);
  const own = new URL(base);
  own.pathname = `/${name}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  process.env.DATABASE_URL = own.toString();
  perFile = { admin: admin.toString(), name };
} else {
  process.env.PGLITE_DATA_DIR = "memory://";
}
process.env.AUTH_SECRET ??= "test-secret-for-vitest-only-0123456789abcdef";

async function onServer(sql: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: perFile!.admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (perFile) await onServer(`CREATE DATABASE "${perFile.name}"`);
  const { migrate } = await import("../server/db/migrate");
  await migrate();
});

afterAll(async () => {
  if (!perFile) return;
  const { closeDatabase } = await import("../server/db/adapter");
  await closeDatabase().catch(() => {});
  // Not WITH (FORCE): a connection still open belongs to something still shutting down.
  await onServer(`DROP DATABASE IF EXISTS "${perFile.name}"`).catch(() => {});
});
