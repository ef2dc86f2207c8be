// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// from the difference between the last committed prisma/schema.prisma and the working copy.
// Needs no database (Prisma's WASM engine diffs two schema files), so it works offline.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>   (e.g. add_device_reestablished_at)");
  process.exit(1);
}
const base = process.env.SCHEMA_BASE ?? "HEAD";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dk-schema-"));
const before = path.join(tmp, "schema.prisma");
fs.writeFileSync(before, execFileSync("git", ["show", `${base}:prisma/schema.prisma`], { encoding: "utf8" }));
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  // A schema-to-schema diff needs no database; an in-memory PGlite keeps the CLI off .data/pglite
  // (which a running dev server holds) and lets it exit.
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: "memory://" } },
);
fs.rmSync(tmp, { recursive: true, force: true });
if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
  console.log(`No schema changes since ${base}.`);
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`✔ Wrote ${dir}/migration.sql — review it, then npm run db:migrate`);
