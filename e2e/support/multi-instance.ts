// Production instances started by a spec itself (beside the suite's shared e2e server): each on a
// free port, with its own database (a fresh PostgreSQL database, or a fresh PGlite directory), its
// stdout kept as JSON log lines. Used by e2e/two-instances.spec.ts and e2e/operations.spec.ts.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import bcrypt from "bcryptjs";
import pg from "pg";
import { PASSWORD, type TestUser } from "./db";
import { serverArgs } from "../../scripts/lib/server-entry";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export const usesPostgres = () => /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// --- PostgreSQL: a fresh database per spec file ---------------------------------------------------

/** The URL of a database named `name` on the PostgreSQL server of DATABASE_URL. */
export function databaseUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (no migrations): the instances migrate it themselves. */
export async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${crypto.randomBytes(4).toString("hex")}`;
  await asAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  return name;
}

/**
 * A small pool for the test's own queries. An idle connection ended by the server (the database
 * dropped WITH (FORCE) as the pool closes, an instance's PGlite socket closing) emits "error" on
 * the pool; unhandled, that would fail whichever test or hook is running, so it is only logged.
 */
export function testPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (e) => console.warn(`[test pool] idle connection closed: ${e.message}`));
  return pool;
}

export async function dropDatabase(name: string): Promise<void> {
  await asAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

// --- Instances -------------------------------------------------------------------------------------

export type LogLine = Record<string, unknown> & { msg?: string };

export type Instance = {
  name: string;
  port: number;
  baseURL: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** stdout's lines parsed as JSON (a line that is not JSON throws: production logs JSON only). */
  logLines(): LogLine[];
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Waits until GET /api/ready answers 200 (throws, with the output, if the process exits first). */
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit (SIGKILL after `timeoutMs`); resolves with the exit. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
};

export const AUTH_SECRET = "multi-instance-e2e-secret-0123456789-abcdef";

/**
 * Starts the server in production mode, as `npm start` does: one Node process running the compiled
 * entry point (so the signal and the exit code are the server's own). `env` is added to a clean base: no inherited database,
 * port or limit settings from the runner.
 */
export function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base))
    if (
      /^(DATABASE_URL|E2E_|PGLITE_|SIGNIN_|METRICS_TOKEN|SHUTDOWN_GRACE_MS|SERVER_PROCESSES$|PORT$|HOSTNAME$|LOG_|AUTH_|NEXTAUTH_)/.test(k)
    )
      delete base[k];
  const child = spawn(process.execPath, serverArgs(["-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "65000"]), {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...base,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET,
      TRUST_PROXY: "loopback",
      AUTH_URL: `http://localhost:${port}`,
      SEED_DEMO_DATA: "0",
      WEBHOOKS_ALLOW_PRIVATE: "1",
      LOG_LEVEL: "info",
      PGLITE_SOCKET_PORT: "",
      DATABASE_URL: "",
      ...env,
    },
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => (out += s));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    // "close": the process has exited and its output has been read to the end.
    child.once("close", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  void exited.then((e) => {
    exit = e;
    // E2E_INSTANCE_LOG_DIR=dir keeps each instance's output, for a look after the run.
    const dir = process.env.E2E_INSTANCE_LOG_DIR;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}-${port}.stdout.log`), out);
      fs.writeFileSync(path.join(dir, `${name}-${port}.stderr.log`), err);
    }
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const tail = () => `\n--- ${name} stdout ---\n${out.slice(-4000)}\n--- ${name} stderr ---\n${err.slice(-4000)}`;

  const instance: Instance = {
    name,
    port,
    baseURL,
    process: child,
    stdout: () => out,
    stderr: () => err,
    logLines: () =>
      out
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => {
          try {
            return JSON.parse(l) as LogLine;
          } catch {
            throw new Error(`${name}: a stdout line is not JSON: ${l.slice(0, 300)}`);
          }
        }),
    exited,
    async waitReady(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exit) throw new Error(`${name} exited (code ${exit.code}, signal ${exit.signal}) before it was ready${tail()}`);
        try {
          const res = await fetch(`${baseURL}/api/ready`, { signal: AbortSignal.timeout(5_000) });
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`${name} not ready within ${timeoutMs / 1000} s${tail()}`);
    },
    async stop(timeoutMs = 20_000) {
      if (!exit) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  return instance;
}

// --- Fixtures in an instance's database -----------------------------------------------------------

let hash: string | undefined;
const cheapHash = () => (hash ??= bcrypt.hashSync(PASSWORD, 4));

/** A user (password PASSWORD) in the database behind `pool`; the name is unique, so pages can be checked for it. */
export async function createUserIn(pool: pg.Pool, { role = "USER" }: { role?: "USER" | "ADMIN" } = {}): Promise<TestUser> {
  const id = crypto.randomUUID();
  const email = `e2e-${id.slice(0, 8)}@test.example`;
  const name = `Multi ${id.slice(0, 6)}`;
  await pool.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`, [
    id,
    email,
    name,
    role,
    cheapHash(),
  ]);
  return { id, email, name, password: PASSWORD };
}

/** A personal access token (with a user) or a server key (without), as e2e/support/api.ts makes them. */
export async function createTokenIn(pool: pg.Pool, kind: "PERSONAL" | "SERVER", userId: string | null) {
  const token = `${kind === "PERSONAL" ? "pat" : "sk"}_${crypto.randomBytes(24).toString("base64url")}`;
  const id = crypto.randomUUID();
  await pool.query(
    `INSERT INTO "ApiToken" (id, kind, "userId", "createdById", name, "tokenHash", prefix) VALUES ($1, $2, $3, $3, $4, $5, $6)`,
    [id, kind, userId, `e2e ${kind.toLowerCase()}`, crypto.createHash("sha256").update(token).digest("hex"), token.slice(0, 8)],
  );
  return { id, token };
}

// --- Metrics ---------------------------------------------------------------------------------------

/** GET /metrics of an instance with its token: the Prometheus text. */
export async function scrapeMetrics(instance: Pick<Instance, "baseURL">, token: string): Promise<string> {
  const res = await fetch(`${instance.baseURL}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${instance.baseURL}/metrics: ${res.status}`);
  return res.text();
}

/** The value of one sample (exactly these labels), or undefined when the text has no such sample. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    const want = Object.entries(labels);
    if (Object.keys(got).length === want.length && want.every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}
