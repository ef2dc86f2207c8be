// bench/admin-search: /admin/users search on 100,000 users — p50/p95 of the server-rendered page
// for prefix, substring, name and empty queries, on PGlite and PostgreSQL (trigram indexes).
// Run: npm run build && npm run bench:admin-search   (USERS=100000 RUNS=30 ENGINES=pglite,postgres)
import crypto from "node:crypto";
import fs from "node:fs";
import bcrypt from "bcryptjs";
import pg from "pg";
import { engineEnv, freePort, ms, signIn, startE2eServer, stats, stop, waitFor200 } from "./lib";

const USERS = Number(process.env.USERS) || 100_000;
const RUNS = Number(process.env.RUNS) || 30;
const QUERIES: [string, string][] = [
  ["email prefix", "user4242"],
  ["email substring", "7319@"],
  ["name substring (case-insensitive)", "HARRIS"],
  ["rare substring", "zzq"],
  ["no query, page 1", ""],
  ["no query, page 2000", "__page2000"],
];

async function seedUsers(db: pg.Client) {
  const t = performance.now();
  await db.query(`
    INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
    SELECT gen_random_uuid(), 'user' || i || '@example.org',
           (ARRAY['Ada','Ben','Cleo','Dev','Eli','Fay','Gus','Hana','Ivo','Jun'])[1 + i % 10] || ' ' ||
           (ARRAY['Harris','Okafor','Nguyen','Schmidt','Rossi','Kowalski','Silva','Tanaka','Haddad','Moreau'])[1 + (i / 10) % 10] || ' ' || i,
           'x', now()
    FROM generate_series(1, ${USERS}) i`);
  await db.query(`ANALYZE "User"`);
  return performance.now() - t;
}

async function run(engine: "pglite" | "postgres") {
  const port = freePort();
  const env = engineEnv(engine, port);
  const server = startE2eServer(env);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${base}/api/health`);
    const db = new pg.Client({ connectionString: env.E2E_DATABASE_URL });
    await db.connect();
    const seeded = await seedUsers(db);
    const email = `bench-admin-${crypto.randomUUID().slice(0, 8)}@test.example`;
    await db.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, 'Bench Admin', 'ADMIN', $3, now())`, [crypto.randomUUID(), email, bcrypt.hashSync("bench-password", 4)]);
    await db.end();
    const cookie = await signIn(base, email, "bench-password");
    console.log(`\n${engine}: ${USERS.toLocaleString("en")} users (seeded in ${(seeded / 1000).toFixed(1)} s), ${RUNS} runs per query`);
    for (const [label, q] of QUERIES) {
      const url = q === "__page2000" ? `${base}/admin/users?page=2000` : `${base}/admin/users?q=${encodeURIComponent(q)}`;
      const samples: number[] = [];
      let matches = "";
      for (let i = 0; i < RUNS + 3; i++) {
        const t = performance.now();
        const res = await fetch(url, { headers: { cookie } });
        const html = await res.text();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        if (i >= 3) samples.push(performance.now() - t);
        matches = /(\d+)(?:<!-- -->)? users?/.exec(html)?.[1] ?? "?";
      }
      const s = stats(samples);
      console.log(`  ${label.padEnd(36)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  (${matches} matches)`);
    }
  } finally {
    await stop(server);
  }
}

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
for (const engine of (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[]) await run(engine);
process.exit(0);
