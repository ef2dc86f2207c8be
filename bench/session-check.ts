// bench/session-check: what the per-request credential check costs, on PGlite and PostgreSQL.
// Sequential requests, one keep-alive connection, against the production server:
//   GET /api/health                  no credentials, no database (the floor)
//   GET /api/me with the cookie      session cookie → JWE → the Session row (pages and server actions run the same check)
//   GET /api/me with a token         Bearer personal access token → the ApiToken row
// and, on PostgreSQL, how many SQL statements each check sends (pg_stat_database's commits).
// Target (#10): ≤ 1.5 ms p50 over the unauthenticated route, one SQL statement, no write.
// Run: npm run build && npm run bench:session-check   (REQUESTS=500 ENGINES=pglite,postgres)
import http from "node:http";
import type pg from "pg";
import { BENCH_PASSWORD, createBenchUser, ms, signIn, stats, withBenchServer } from "./lib";

const REQUESTS = Number(process.env.REQUESTS) || 400;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

async function time(url: string, headers: Record<string, string>) {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS + 20; i++) {
    const t = performance.now();
    const status = await get(url, headers);
    if (status !== 200) throw new Error(`${url} answered ${status}`);
    if (i >= 20) samples.push(performance.now() - t); // the first 20 warm up
  }
  return stats(samples);
}

/** SQL statements per request, from the database's transaction counter (each statement commits on its own). */
async function statementsPerRequest(db: pg.Client, url: string, headers: Record<string, string>, n = 50): Promise<string> {
  const commits = async () => {
    await new Promise((r) => setTimeout(r, 11_000)); // backends flush their counters when idle ≥ 10 s
    return Number((await db.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit);
  };
  const before = await commits();
  for (let i = 0; i < n; i++) await get(url, headers);
  const after = await commits();
  return ((after - before - 1) / n).toFixed(2); // less this client's own read
}

async function run(engine: "pglite" | "postgres") {
  await withBenchServer(engine, async ({ base, db }) => {
    const user = await createBenchUser(db);
    const cookie = { cookie: await signIn(base, user.email, BENCH_PASSWORD) };
    const token = { authorization: "Bearer pat_demo_alice" }; // seeded with the demo data
    const open = await time(`${base}/api/health`, {});
    const bySession = await time(`${base}/api/me`, cookie);
    const byToken = await time(`${base}/api/me`, token);
    console.log(`\n${engine} (${REQUESTS} sequential requests each, one keep-alive connection)`);
    const line = (label: string, s: ReturnType<typeof stats>) =>
      console.log(
        `  ${label.padEnd(34)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  mean ${ms(s.mean)}${s === open ? "" : `   → +${ms(s.p50 - open.p50)} at p50 (target ≤ 1.50 ms) ${s.p50 - open.p50 <= 1.5 ? "✔ met" : "✖ missed"}`}`,
      );
    line("unauthenticated GET /api/health", open);
    line("session cookie  GET /api/me", bySession);
    line("access token    GET /api/me", byToken);
    if (engine === "postgres") {
      console.log(
        `  SQL statements per request: session ${await statementsPerRequest(db, `${base}/api/me`, cookie)}, token ${await statementsPerRequest(db, `${base}/api/me`, token)} (target 1; lastSeenAt/lastUsedAt are written at most once a minute)`,
      );
    }
  });
}

for (const engine of (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[]) await run(engine);
process.exit(0);
