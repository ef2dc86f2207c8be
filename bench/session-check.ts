// bench/session-check: what the per-request Session-row check costs, on PGlite and PostgreSQL.
// Times sequential requests to an authenticated route (/api/v1/me: cookie → JWT decode → Session
// lookup) against an unauthenticated one (/api/health), over HTTP against `next start`.
// Run: npm run build && npm run bench:session-check   (REQUESTS=500 to change the sample size)
import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import pg from "pg";
import { freePort, ms, startE2eServer, stats, stop, waitFor200 } from "./lib";

const REQUESTS = Number(process.env.REQUESTS) || 400;
const PG_BASE = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  return cookie();
}

async function time(url: string, headers: Record<string, string>, expect: number) {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS + 20; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== expect) throw new Error(`${url} answered ${res.status}`);
    if (i >= 20) samples.push(performance.now() - t); // the first 20 warm up
  }
  return stats(samples);
}

async function run(engine: "pglite" | "postgres") {
  const port = freePort();
  const env: Record<string, string> = { E2E_PORT: String(port) };
  if (engine === "postgres") {
    const url = new URL(PG_BASE);
    url.pathname = `/devicekeeper_bench_${port}`;
    Object.assign(env, { DATABASE_URL: PG_BASE, E2E_DATABASE_URL: url.toString() });
  } else {
    const socket = freePort();
    Object.assign(env, { DATABASE_URL: "", PGLITE_SOCKET_PORT: String(socket), E2E_DATABASE_URL: `postgres://postgres@127.0.0.1:${socket}/postgres` });
  }
  const server = startE2eServer(env);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${base}/api/health`);
    const db = new pg.Client({ connectionString: env.E2E_DATABASE_URL });
    await db.connect();
    const email = `bench-${crypto.randomUUID().slice(0, 8)}@test.example`;
    await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, $2, 'Bench', $3, now())`, [
      crypto.randomUUID(), email, bcrypt.hashSync("bench-password", 4),
    ]);
    await db.end();
    const cookie = await signIn(base, email, "bench-password");
    const open = await time(`${base}/api/health`, {}, 200);
    const authed = await time(`${base}/api/v1/me`, { cookie }, 200);
    console.log(`\n${engine} (${REQUESTS} sequential requests each)`);
    console.log(`  unauthenticated /api/health   mean ${ms(open.mean)}  p50 ${ms(open.p50)}  p95 ${ms(open.p95)}`);
    console.log(`  authenticated   /api/v1/me    mean ${ms(authed.mean)}  p50 ${ms(authed.p50)}  p95 ${ms(authed.p95)}`);
    console.log(`  session check adds ${ms(authed.p50 - open.p50)} at p50 — ratio ${(authed.p50 / open.p50).toFixed(2)}× (p50), ${(authed.mean / open.mean).toFixed(2)}× (mean)`);
  } finally {
    await stop(server);
  }
}

for (const engine of (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[]) {
  await run(engine);
}
process.exit(0);
