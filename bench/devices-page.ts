// bench/devices-page: /devices for a user with 50 devices and 200 sessions — the server's time for
// the page next to the same list as JSON (`/api/me/devices`, the same session, requests interleaved
// so both see the same machine) and next to the raw SQL for the same rows — and each device action's
// time (p50/p95), called over HTTP as the browser calls them (session check and audit row included).
// Targets: the page ≤ 2.5× the JSON at p50 (#25), ≤ 3× the raw SQL (#7).
// Run: npm run build && npm run bench:devices-page   (ENGINES=pglite or postgres to pick one)
import fs from "node:fs";
import type pg from "pg";
import { BENCH_PASSWORD, createBenchUser, ms, signIn, stats, withBenchServer } from "./lib";

const DEVICES = 50;
const SESSIONS_PER_DEVICE = 4;
const PAGE_RUNS = Number(process.env.REQUESTS) || 60;

// The same rows the page reads: devices with their 20 most relevant sessions each.
const RAW_SQL = `
  SELECT d.*, s.* FROM "Device" d
  LEFT JOIN LATERAL (
    SELECT id AS sid, "createdAt" AS s_created, "lastSeenAt" AS s_seen, "expiresAt", "revokedAt", "revokedReason", ip
    FROM "Session" WHERE "deviceId" = d.id ORDER BY "revokedAt" DESC NULLS FIRST, "lastSeenAt" DESC LIMIT 20
  ) s ON true
  WHERE d."userId" = $1 AND d."deletedAt" IS NULL
  ORDER BY d."lastSeenAt" DESC NULLS LAST, d."createdAt" DESC`;

function actionIds(): Record<string, string> {
  const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8"));
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries<{ exportedName?: string }>(manifest.node)) if (entry.exportedName) ids[entry.exportedName] = id;
  return ids;
}

async function seed(db: pg.Client) {
  const { id: userId, email } = await createBenchUser(db);
  await db.query(
    `INSERT INTO "Device" (id, "userId", name, type, os, browser, "lastIp", "createdAt", "lastSeenAt", "trustedAt", "rememberedUntil")
     SELECT gen_random_uuid(), $1, 'Device ' || i, 'desktop', 'Linux', 'Firefox', '192.0.2.' || i, now() - i * interval '1 day', now() - i * interval '1 hour', now(), now() + interval '30 days'
     FROM generate_series(1, ${DEVICES}) i`,
    [userId],
  );
  await db.query(
    `INSERT INTO "Session" (id, "userId", "deviceId", "createdAt", "lastSeenAt", "expiresAt", ip)
     SELECT gen_random_uuid(), $1, d.id, now() - j * interval '1 hour', now() - j * interval '1 minute', now() + interval '30 days', d."lastIp"
     FROM "Device" d, generate_series(1, ${SESSIONS_PER_DEVICE}) j WHERE d."userId" = $1`,
    [userId],
  );
  const devices = (await db.query<{ id: string }>(`SELECT id FROM "Device" WHERE "userId" = $1 ORDER BY name`, [userId])).rows.map(
    (r) => r.id,
  );
  const sessions = (
    await db.query<{ id: string; deviceId: string }>(`SELECT DISTINCT ON ("deviceId") id, "deviceId" FROM "Session" WHERE "userId" = $1`, [
      userId,
    ])
  ).rows;
  return { userId, email, devices, sessions };
}

async function timeRuns<T>(items: T[], fn: (item: T) => Promise<void>) {
  const samples: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

async function run(engine: "pglite" | "postgres", ids: Record<string, string>) {
  await withBenchServer(engine, async ({ base, db }) => {
    const u = await seed(db);
    const cookie = await signIn(base, u.email, BENCH_PASSWORD);

    const bytes: Record<string, number> = {};
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      bytes[path] = Buffer.byteLength(await res.text());
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    };
    for (let i = 0; i < 5; i++) await Promise.all([get("/devices"), get("/api/me/devices")]); // warm both
    // Interleaved: page, JSON, page, JSON… so a swing of the machine falls on both.
    const pageSamples: number[] = [];
    const jsonSamples: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i++) {
      for (const [path, samples] of [
        ["/devices", pageSamples],
        ["/api/me/devices", jsonSamples],
      ] as const) {
        const t = performance.now();
        await get(path);
        samples.push(performance.now() - t);
      }
    }
    const page = stats(pageSamples);
    const json = stats(jsonSamples);
    const raw = await timeRuns(Array.from({ length: PAGE_RUNS }), async () => void (await db.query(RAW_SQL, [u.userId])));
    const call = async (name: string, args: unknown[]) => {
      const res = await fetch(`${base}/devices`, {
        method: "POST",
        headers: { cookie, "next-action": ids[name]!, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
        body: JSON.stringify(args),
      });
      const body = await res.text();
      if (res.status !== 200 || !body.includes(`"ok":true`)) throw new Error(`${name} failed: ${res.status} ${body.slice(0, 200)}`);
    };
    const results: [string, ReturnType<typeof stats>][] = [
      ["rename", await timeRuns(u.devices, (id) => call("renameDeviceAction", [{ deviceId: id, name: `Renamed ${id.slice(0, 6)}` }]))],
      ["sign out one session", await timeRuns(u.sessions, (s) => call("revokeSessionAction", [{ sessionId: s.id }]))],
      ["untrust", await timeRuns(u.devices, (id) => call("untrustDeviceAction", [{ deviceId: id }]))],
      ["invalidate", await timeRuns(u.devices, (id) => call("invalidateDeviceAction", [{ deviceId: id }]))],
      ["delete", await timeRuns(u.devices, (id) => call("deleteDeviceAction", [{ deviceId: id }]))],
    ];
    console.log(`\n${engine}: user with ${DEVICES} devices and ${DEVICES * SESSIONS_PER_DEVICE} sessions`);
    const kb = (path: string) => `${(bytes[path]! / 1024).toFixed(1)} KB`;
    console.log(
      `  GET /devices (server render)   p50 ${ms(page.p50)}  p95 ${ms(page.p95)}  mean ${ms(page.mean)}  (n=${page.n}, ${kb("/devices")})`,
    );
    console.log(
      `  raw SQL for the same rows      p50 ${ms(raw.p50)}  p95 ${ms(raw.p95)}  mean ${ms(raw.mean)}  (via ${engine === "pglite" ? "the PGlite socket" : "pg"})`,
    );
    console.log(
      `  GET /api/me/devices (JSON)     p50 ${ms(json.p50)}  p95 ${ms(json.p95)}  mean ${ms(json.mean)}  (n=${json.n}, ${kb("/api/me/devices")})`,
    );
    const vsJson = page.p50 / json.p50;
    console.log(`  → page / JSON at p50: ${vsJson.toFixed(2)}× (target ≤ 2.5×) ${vsJson <= 2.5 ? "✔ met" : "✖ missed"}`);
    const ratio = page.p50 / raw.p50;
    console.log(`  → page / raw SQL at p50: ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? "✔ met" : "✖ missed"}`);
    for (const [name, s] of results) console.log(`  action: ${name.padEnd(22)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  (n=${s.n})`);
  });
}

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
const ids = actionIds();
for (const engine of (process.env.ENGINES ?? "pglite,postgres").split(",") as ("pglite" | "postgres")[]) await run(engine, ids);
process.exit(0);
