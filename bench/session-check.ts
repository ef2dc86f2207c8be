// bench/session-check: what the per-request Session-row check costs, on PGlite and PostgreSQL.
// Times sequential requests to an authenticated route (/api/v1/me: cookie → JWT decode → Session
// lookup) against an unauthenticated one (/api/health), over HTTP against `next start`.
// Run: npm run build && npm run bench:session-check   (REQUESTS=500 to change the sample size)
import { BENCH_PASSWORD, createBenchUser, ms, signIn, stats, withBenchServer } from "./lib";

const REQUESTS = Number(process.env.REQUESTS) || 400;

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
  await withBenchServer(engine, async ({ base, db }) => {
    const user = await createBenchUser(db);
    const cookie = await signIn(base, user.email, BENCH_PASSWORD);
    const open = await time(`${base}/api/health`, {}, 200);
    const authed = await time(`${base}/api/v1/me`, { cookie }, 200);
    console.log(`\n${engine} (${REQUESTS} sequential requests each)`);
    console.log(`  unauthenticated /api/health   mean ${ms(open.mean)}  p50 ${ms(open.p50)}  p95 ${ms(open.p95)}`);
    console.log(`  authenticated   /api/v1/me    mean ${ms(authed.mean)}  p50 ${ms(authed.p50)}  p95 ${ms(authed.p95)}`);
    console.log(`  session check adds ${ms(authed.p50 - open.p50)} at p50 — ratio ${(authed.p50 / open.p50).toFixed(2)}× (p50), ${(authed.mean / open.mean).toFixed(2)}× (mean)`);
  });
}

for (const engine of (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[]) {
  await run(engine);
}
process.exit(0);
