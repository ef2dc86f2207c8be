import "server-only";
import { PrismaClient } from "@/prisma/generated/client";
import { createAdapterFactory, createRawQuery, type RawQuery } from "@/server/db/adapter";

// One PrismaClient per process: this module is loaded once, by the front door and Next alike (it
// is part of the compiled server package, which Next does not bundle; see docs/architecture.md).
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

export const db: PrismaClient = createClient();

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
