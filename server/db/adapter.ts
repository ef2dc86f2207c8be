// Chooses and opens the database engine, for the app (server/db/client.ts), the migrations, the
// Prisma CLI (prisma.config.ts, through the compiled package), scripts and tests.
//
//   DATABASE_URL unset            → embedded PGlite in PGLITE_DATA_DIR (default .data/pglite)
//   DATABASE_URL=postgres(ql)://… → PostgreSQL through @prisma/adapter-pg
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type DatabaseMode = "pglite" | "postgres";
export type Env = Record<string, string | undefined>;

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

export function databaseMode(env: Env = process.env): DatabaseMode {
  const url = env.DATABASE_URL?.trim();
  if (!url) return "pglite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  throw new DatabaseConfigError(
    `DATABASE_URL must start with postgres:// or postgresql:// (got "${url.split(":")[0]}:…"). ` + "Unset it to use the embedded database.",
  );
}

/** Where the embedded database lives; "memory://" keeps it in memory (tests). */
export function pgliteDataDir(env: Env = process.env): string {
  const dir = env.PGLITE_DATA_DIR?.trim() || path.join(".data", "pglite");
  return dir === "memory://" ? dir : path.resolve(/*turbopackIgnore: true*/ dir);
}

// ---------------------------------------------------------------------------------------------
// PGlite: one process per data directory. PGlite itself does not lock its directory, and two
// processes writing it corrupt it, so we keep a pid lock file beside it.

type PgliteHolder = { db: PGlite; dir: string; release: () => void; stopSocket: () => Promise<void> };
let pglite: Promise<PgliteHolder> | undefined;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireDirLock(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
      if (pid === process.pid) return () => {};
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DatabaseConfigError(
          `The embedded database at ${dir} is already open in another process (pid ${pid}). ` +
            "PGlite allows one process per data directory: stop the other `npm run dev` / `npm start` " +
            "(or script) first, or set DATABASE_URL to use PostgreSQL.",
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseConfigError(`Could not lock ${dir}.`);
}

/** Opens (once per process) the embedded database. */
export function openPglite(env: Env = process.env): Promise<PgliteHolder> {
  pglite ??= (async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    // Trigram indexes (admin user search) need pg_trgm, which PGlite loads on demand.
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const extensions = { pg_trgm };
    const dir = pgliteDataDir(env);
    let release = () => {};
    let db: PGlite;
    if (dir === "memory://") {
      db = new PGlite({ extensions });
    } else {
      release = acquireDirLock(dir);
      fs.mkdirSync(dir, { recursive: true });
      db = new PGlite(dir, { extensions });
    }
    await db.waitReady;
    let stopSocket = async () => {};
    const socketPort = Number(env.PGLITE_SOCKET_PORT);
    if (socketPort > 0) {
      // Lets psql (and the e2e tests) reach the embedded database of a running app, on loopback only.
      const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
      const server = new PGLiteSocketServer({ db, port: socketPort, host: "127.0.0.1", maxConnections: 16 });
      await server.start();
      stopSocket = () => server.stop();
    }
    return { db, dir, release, stopSocket };
  })();
  return pglite;
}

/** Closes the embedded database if this process opened it (scripts and tests). */
export async function closePglite(): Promise<void> {
  const holder = pglite;
  if (!holder) return;
  pglite = undefined;
  const { db, release, stopSocket } = await holder;
  await stopSocket();
  await db.close();
  release();
}

type Query = { sql: string; args: unknown[]; argTypes?: ({ scalarType?: string; arity?: string } | undefined)[] };

/**
 * pglite-prisma-adapter 0.6.1 passes Prisma's arguments through as they come. With the query
 * compiler, `Bytes` arrive base64-encoded (or as number arrays) and PGlite's serialiser throws
 * "Invalid input for bytea type". Convert them as @prisma/adapter-pg does.
 */
function mapBytesArgs(query: Query): Query {
  if (!query.argTypes?.some((t) => t?.scalarType === "bytes")) return query;
  const toBytes = (a: unknown) => (typeof a === "string" ? Buffer.from(a, "base64") : Array.isArray(a) ? Buffer.from(a as number[]) : a);
  const args = query.args.map((a, i) => {
    const t = query.argTypes?.[i];
    if (t?.scalarType !== "bytes" || a == null) return a;
    return t.arity === "list" && Array.isArray(a) ? a.map(toBytes) : toBytes(a);
  });
  return { ...query, args };
}

function withBytesArgs<T extends object>(queryable: T): T {
  return new Proxy(queryable, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "queryRaw" || prop === "executeRaw") return (q: Query) => value.call(target, mapBytesArgs(q));
      if (prop === "startTransaction") return async (...a: unknown[]) => withBytesArgs(await value.apply(target, a));
      return value.bind(target);
    },
  });
}

/**
 * A driver adapter factory that opens the database on first use, so importing server/db.ts
 * (e.g. while `next build` collects pages) never opens or locks anything.
 */
class LazyPgliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "pglite-prisma-adapter";
  constructor(private readonly env: Env) {}
  private async inner() {
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const { db } = await openPglite(this.env);
    return new PrismaPGlite(db);
  }
  async connect(): Promise<SqlDriverAdapter> {
    return withBytesArgs(await (await this.inner()).connect());
  }
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return (await this.inner()).connectToShadowDb();
  }
}

/**
 * One pg pool per process, shared by Prisma and the hot-path statements (`rawQuery`), so the
 * connection budget (DATABASE_POOL_SIZE) is the whole process's.
 */
let pool: Promise<import("pg").Pool> | undefined;

function pgPool(env: Env): Promise<import("pg").Pool> {
  pool ??= import("pg").then(
    ({ default: pg }) => new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_SIZE) || 10 }),
  );
  return pool;
}

/** Closes this process's database: the embedded one, or the PostgreSQL pool (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  await closePglite();
  const open = pool;
  if (!open) return;
  pool = undefined;
  await (await open).end();
}

export async function createAdapterFactory(env: Env = process.env): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (databaseMode(env) === "pglite") return new LazyPgliteFactory(env);
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return new PrismaPg(await pgPool(env));
}

/**
 * `prepared: false` plans the statement on every call, for the actual arguments: for a search
 * whose best plan depends on the term (a rare one wants the trigram index, a common one the
 * ordered scan), a generic plan would be wrong for one of them.
 */
export type RawQuery = <Row>(text: string, params: unknown[], options?: { prepared?: boolean }) => Promise<Row[]>;

/**
 * One parameterised statement straight to the driver (node-postgres or PGlite), for the few
 * statements on every request's path (session and token checks, the device list): no query
 * compilation, no result mapping. Return timestamps as text or epoch numbers, not `timestamp`
 * (node-postgres would read those in the process's local time zone).
 */
export function createRawQuery(env: Env = process.env): RawQuery {
  if (databaseMode(env) === "pglite") {
    return async <Row>(text: string, params: unknown[]) => (await (await openPglite(env)).db.query<Row>(text, params)).rows;
  }
  // Each statement is prepared once per connection (named after its text), not parsed and planned
  // on every call: the hot statements are few and fixed.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `dk_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
    return name;
  };
  return async <Row>(text: string, params: unknown[], { prepared = true } = {}) =>
    (await (await pgPool(env)).query(prepared ? { name: nameOf(text), text, values: params } : { text, values: params })).rows as Row[];
}

/**
 * Runs `fn` on one connection held for its whole duration (PostgreSQL: checked out of the shared
 * pool; PGlite: its only one), for work that needs session state such as an advisory lock.
 */
export async function withConnection<T>(fn: (query: RawQuery) => Promise<T>, env: Env = process.env): Promise<T> {
  if (databaseMode(env) === "pglite") return fn(createRawQuery(env));
  const client = await (await pgPool(env)).connect();
  try {
    return await fn(async <Row>(text: string, params: unknown[]) => (await client.query(text, params)).rows as Row[]);
  } finally {
    client.release();
  }
}
