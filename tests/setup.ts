// Runs in every Vitest worker before its test files. Integration tests use a real database of
// their own, as they would on a fresh install: a copy of the migrated template that
// tests/global-setup.ts made — a PGlite data directory by default, or, when DATABASE_URL names a
// local PostgreSQL server, a database created from the template next to it — removed when the file
// ends. Files run in parallel; one shared database let one file's failed sign-ins rate-limit
// another's and one file's mail run claim another's mail. A database a file leaves open (a LISTEN
// client, say) is dropped with the run's: scripts/fresh-database.ts --drop.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { localAdminUrl, onServer } from "./test-database";

const template = inject("databaseTemplate");
const url = process.env.DATABASE_URL?.trim();
let perFile: { admin: string; name: string } | undefined;
let pgliteDir: string | undefined;
if (url) {
  const { base, admin } = localAdminUrl(url);
  // Set before any test module loads, so the app's pools connect to this file's database.
  const name = `${base.pathname.slice(1) || "devicekeeper_test"}_f${process.pid}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 63);
  const own = new URL(base);
  own.pathname = `/${name}`;
  process.env.DATABASE_URL = own.toString();
  perFile = { admin, name };
} else {
  pgliteDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dk-vitest-file-")), "pglite");
  process.env.PGLITE_DATA_DIR = pgliteDir;
}
process.env.AUTH_SECRET ??= "test-secret-for-vitest-only-0123456789abcdef";

beforeAll(async () => {
  if (perFile) {
    if (template.kind !== "postgres") throw new Error("tests/global-setup.ts made no PostgreSQL template");
    await onServer(perFile.admin, `CREATE DATABASE "${perFile.name}" TEMPLATE "${template.name}"`);
  } else {
    if (template.kind !== "pglite") throw new Error("tests/global-setup.ts made no PGlite template");
    fs.cpSync(template.dir, pgliteDir!, { recursive: true });
  }
  // Nothing to apply on a copy of the template; this checks that it is current.
  const { migrate } = await import("../server/db/migrate");
  await migrate();
});

afterAll(async () => {
  const { closeDatabase } = await import("../server/db/adapter");
  await closeDatabase().catch(() => {});
  if (pgliteDir) fs.rmSync(path.dirname(pgliteDir), { recursive: true, force: true });
  // Not WITH (FORCE): a connection still open belongs to something still shutting down.
  if (perFile) await onServer(perFile.admin, `DROP DATABASE IF EXISTS "${perFile.name}"`).catch(() => {});
});
