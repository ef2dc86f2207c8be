// Runs once per Vitest run, before any worker: migrates one template database that every test
// file then copies (tests/setup.ts), instead of each file building its own from nothing.
// Why: a fresh PGlite runs initdb, ~4 s of WASM per file (50 files: minutes of CI); copying a
// migrated data directory and opening it takes under a second. On PostgreSQL the copy is
// CREATE DATABASE … TEMPLATE, which also spares each file the 19 migrations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { localAdminUrl, onServer } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: a migrated data directory to copy. PostgreSQL: a migrated database to use as TEMPLATE. */
    databaseTemplate: { kind: "pglite"; dir: string } | { kind: "postgres"; name: string };
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL?.trim();
  const { migrate } = await import("../server/db/migrate");
  const { closeDatabase } = await import("../server/db/adapter");

  if (!url) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "dk-vitest-"));
    const dir = path.join(root, "template");
    await migrate({ env: { PGLITE_DATA_DIR: dir } });
    await closeDatabase();
    project.provide("databaseTemplate", { kind: "pglite", dir });
    return () => fs.rmSync(root, { recursive: true, force: true });
  }

  const { admin, base } = localAdminUrl(url);
  // Named <base>_f… so that scripts/fresh-database.ts --drop removes it with the files' databases.
  const name = `${base.pathname.slice(1) || "devicekeeper_test"}_ftemplate_${process.pid}`.slice(0, 63);
  await onServer(admin, `DROP DATABASE IF EXISTS "${name}"`);
  await onServer(admin, `CREATE DATABASE "${name}"`);
  const own = new URL(base);
  own.pathname = `/${name}`;
  await migrate({ env: { DATABASE_URL: own.toString() } });
  // A template must have no connections while it is copied.
  await closeDatabase();
  project.provide("databaseTemplate", { kind: "postgres", name });
  return () => onServer(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
}
