// bench/api: throughput of the REST API's GET /api/v1/settings/devices (Bearer personal access
// token, checked against the database on every request, plus the device list) next to a bare
// route handler returning static JSON (/api/health), in the same run, with autocannon:
// 50 connections, 20 s each (BENCH_DURATION=seconds to change), on PGlite and on PostgreSQL
// (BENCH_ENGINES=pglite to skip PostgreSQL). alice gets 50 devices × 4 live sessions (the
// bench:peers workload). Target (#10): on PGlite, p99 ≤ 250 ms for the list (requests queue
// fairly for the one embedded connection). Needs `npm run build` first.
import autocannon from "autocannon";
import { fiftyDevices, withBenchServer } from "./lib";

const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = 50;
const engines = (process.env.BENCH_ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[];

async function load(url: string, headers: Record<string, string> = {}, seconds = duration) {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

const fmt = (name: string, r: Awaited<ReturnType<typeof load>>) =>
  `  ${name.padEnd(44)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   (${r.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`;

console.log(
  `autocannon, ${connections} connections, ${duration} s per route; server and load generator share this machine (${(await import("node:os")).cpus().length} cores)`,
);
for (const engine of engines) {
  await withBenchServer(engine, async ({ base, db }) => {
    const auth = { Authorization: "Bearer pat_demo_alice" }; // seeded by the e2e server
    const workload = await fiftyDevices(db);
    const check = await fetch(`${base}/api/v1/settings/devices`, { headers: auth });
    if (check.status !== 200) throw new Error(`GET /api/v1/settings/devices answered ${check.status}`);
    // Warm-up (JIT, connection pools, Next's route caches), not counted.
    await load(`${base}/api/health`, {}, 3);
    await load(`${base}/api/v1/settings/devices`, auth, 3);
    const bare = await load(`${base}/api/health`);
    const devices = await load(`${base}/api/v1/settings/devices`, auth);
    console.log(`\n${engine === "pglite" ? "PGlite (embedded)" : "PostgreSQL"}`);
    console.log(fmt("GET /api/health (static JSON, no auth)", bare));
    console.log(fmt(`GET /api/v1/settings/devices (${workload.devices} devices)`, devices));
    if (engine === "pglite")
      console.log(
        `  → list p99 ${devices.p99} ms (target ≤ 250 ms at ${connections} connections) ${devices.p99 <= 250 ? "✔ met" : "✖ missed"}`,
      );
    console.log(`  → the token check and device list cost ${(bare.rps / devices.rps).toFixed(1)}× the bare route's time per request`);
  });
}
