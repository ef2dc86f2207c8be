// Runs in every Vitest worker before its test files. Integration tests use a real database:
// an in-memory PGlite per worker by default, or the PostgreSQL database in DATABASE_URL
// (scripts/test-all.sh creates a fresh one), which must be on this machine.
import { beforeAll } from "vitest";

const url = process.env.DATABASE_URL?.trim();
if (url) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}).`);
  }
} else {
  process.env.PGLITE_DATA_DIR = "memory://";
}
process.env.AUTH_SECRET ??= "test-secret-for-vitest-only-0123456789abcdef";

beforeAll(async () => {
  const { migrate } = await import("../server/db/migrate");
  await migrate();
});
