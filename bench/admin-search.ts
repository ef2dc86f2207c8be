// bench/admin-search: /admin/users search on 100,000 users — p50/p95 of the server-rendered page
// for prefix, substring, name and empty queries, on PGlite and PostgreSQL (trigram indexes).
// Run: npm run build && npm run bench:admin-search   (USERS=100000 RUNS=30 ENGINES=pglite,postgres)
import fs from "node:fs";
import type pg from "pg";
import { BENCH_PASSWORD, createBenchUser, ms, signIn, timePage, withBenchServer } from "./lib";

const USERS = Number(process.env.USERS) || 100_000;
const RUNS = Number(process.env.RUNS) || 30;
const QUERIES: [string, string][] = [
  ["email prefix", "user4242"],
  ["email substring", "7319@"],
  ["name substring (case-insensitive)", "HARRIS"],
  ["rare substring", "zzq"],
  ["no query, first page", ""],
  ["no query, deep page (after 50,000)", "__deep"],
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
  await withBenchServer(engine, async ({ base, db }) => {
    const seeded = await seedUsers(db);
    const admin = await createBenchUser(db, { role: "ADMIN", name: "Bench Admin" });
    const cookie = await signIn(base, admin.email, BENCH_PASSWORD);
    const deepCursor = (await db.query(`SELECT id FROM "User" ORDER BY email OFFSET ${Math.floor(USERS / 2)} LIMIT 1`)).rows[0]
      .id as string;
    console.log(
      `\n${engine}: ${USERS.toLocaleString("en")} users (seeded in ${(seeded / 1000).toFixed(1)} s), ${RUNS} runs per query; target p95 ≤ 30 ms for every query`,
    );
    for (const [label, q] of QUERIES) {
      const url =
        q === "__deep" ? `${base}/admin/users?after=${encodeURIComponent(deepCursor)}` : `${base}/admin/users?q=${encodeURIComponent(q)}`;
      const { stats: s, html } = await timePage(url, cookie, RUNS);
      const matches = /([\d,]+\+?)(?:<!-- -->|\s)*users?\b/.exec(html)?.[1] ?? "?";
      console.log(`  ${label.padEnd(36)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  (${matches} matches)  ${s.p95 <= 30 ? "✔ met" : "✖ missed"}`);
    }
  });
}

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
for (const engine of (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[]) await run(engine);
process.exit(0);
