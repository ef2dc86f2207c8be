import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDirLock, databaseMode, DatabaseConfigError } from "@/server/db/adapter";
import { migrate, readMigrations } from "@/server/db/migrate";
import { db, rawQuery } from "@/server/db/client";
import { listen } from "@/server/db/listen";
import { getAuthSecret } from "@/server/config";

describe("database setup", () => {
  it("chooses the engine from DATABASE_URL and rejects anything else clearly", () => {
    expect(databaseMode({})).toBe("pglite");
    expect(databaseMode({ DATABASE_URL: "" })).toBe("pglite");
    expect(databaseMode({ DATABASE_URL: "postgres://u@h/db" })).toBe("postgres");
    expect(databaseMode({ DATABASE_URL: "postgresql://u@h/db" })).toBe("postgres");
    expect(() => databaseMode({ DATABASE_URL: "mysql://u@h/db" })).toThrow(/must start with postgres/);
  });

  it("records migrations in Prisma's table with Prisma's checksums, and a second run applies nothing", async () => {
    expect(await migrate()).toBe(0);
    const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    expect(rows).toEqual(readMigrations().map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  it("refuses to open a PGlite directory another live process holds, saying what to do", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dk-lock-")), "pglite");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.writeFileSync(`${dir}.lock`, String(other.pid));
      expect(() => acquireDirLock(dir)).toThrow(DatabaseConfigError);
      expect(() => acquireDirLock(dir)).toThrow(/already open in another process \(pid \d+\).*one process per data directory/);
    } finally {
      other.kill();
    }
    await new Promise((r) => other.once("exit", r));
    // Its process is gone: the lock is stale and is taken over.
    const release = acquireDirLock(dir);
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("refuses to run on PostgreSQL without AUTH_SECRET, naming the variable", () => {
    expect(() => getAuthSecret({ DATABASE_URL: "postgres://u@localhost/db" })).toThrow(/AUTH_SECRET is not set/);
  });
});

describe("listening for NOTIFY", () => {
  it("calls each channel's own listener, every channel over one connection on PostgreSQL", async () => {
    const heard: string[] = [];
    let settle!: () => void;
    const both = new Promise<void>((resolve) => (settle = resolve));
    const hear = (channel: string) => () => (heard.push(channel), heard.length === 2 && settle());
    const unlisten = await listen({ dk_test_one: hear("one"), dk_test_two: hear("two") });
    try {
      if (databaseMode() === "postgres") {
        // Every listening connection is signalled by every NOTIFY of the database: one, not one per channel.
        const [row] = await rawQuery<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN dk_test_%'`,
          [],
        );
        expect(row!.n).toBe(1);
      }
      await rawQuery(`SELECT pg_notify('dk_test_two', ''), pg_notify('dk_test_other', ''), pg_notify('dk_test_one', '')`, []);
      await both;
      expect(heard.sort()).toEqual(["one", "two"]);
    } finally {
      await unlisten();
    }
  });
});

describe("bytes columns", () => {
  it("round-trip through both engines, inside and outside transactions", async () => {
    const user = await db.user.create({ data: { email: `bytes-${Date.now()}@test.example`, name: "B", passwordHash: "x" } });
    const key = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const a = await db.authenticator.create({ data: { userId: user.id, kind: "WEBAUTHN", name: "k", publicKey: key } });
    await db.$transaction(async (tx) => {
      await tx.authenticator.createMany({ data: [{ userId: user.id, kind: "BINDING", name: "b", publicKey: key }] });
    });
    const rows = await db.authenticator.findMany({ where: { userId: user.id }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [...(r.publicKey ?? [])])).toEqual([[...key], [...key]]);
    expect(rows.some((r) => r.id === a.id)).toBe(true);
  });
});
