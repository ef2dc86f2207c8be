import "server-only";
import { PrismaClient } from "@/prisma/generated/client";
import { createAdapterFactory, createRawQuery, type RawQuery } from "@/prisma/adapter";

// One PrismaClient per process. Next's dev server re-evaluates modules on every edit, so the
// instance lives on globalThis (read *and* written here); otherwise each reload opens a new pool.
const key = Symbol.for("devicekeeper.prisma");
type GlobalWithPrisma = typeof globalThis & { [key]?: PrismaClient };
const g = globalThis as GlobalWithPrisma;

function createClient(): PrismaClient {
  // The factory is lazy: nothing is opened until the first query.
  const adapter = createAdapterFactory();
  return new PrismaClient({
    adapter: {
      provider: "postgres",
      adapterName: "devicekeeper",
      connect: async () => (await adapter).connect(),
    },
  });
}

export const db: PrismaClient = (g[key] ??= createClient());

/** The hot path's single statements (see createRawQuery); everything else goes through `db`. */
export const rawQuery: RawQuery = createRawQuery();

/*
 * For rawQuery statements. node-postgres reads a \`timestamp\` column in the process's local time
 * zone; these return instants as epoch milliseconds (or ISO text for JSON built by Postgres).
 */
export const sqlEpochMs = (expr: string) => `(extract(epoch FROM ${expr}) * 1000)::float8`;
export const sqlIsoText = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * Text for a LIKE / ILIKE pattern, its own `%`, `_` and `\` taken literally. Prisma's `contains`
 * and case-insensitive `equals` are ILIKE on PostgreSQL and do not escape them (prisma#19506).
 */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
export const fromEpochMs = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
