// bench/admin-activity: /admin/activity, the audit log across users, on 1,000,000 events in a
// throwaway PostgreSQL database — p50/p95 of the server-rendered page, first page and a deep one
// (events older than half a year), for each filter; beside each, the plan of the statement that
// finds the page (which index, and whether anything but a page's worth of rows was sorted).
// Run: npm run build && npm run bench:admin-activity   (EVENTS=1000000 RUNS=20)
import fs from "node:fs";
import type pg from "pg";
import { BENCH_PASSWORD, createBenchUser, ms, signIn, timePage, withBenchServer } from "./lib";
import { auditLogPageSql, type AuditLogWhere } from "@/server/admin/audit-log-sql";
import { ACTIVITY_KINDS, activityDateRange } from "@/lib/activity";
import { auditLogHref, encodeAuditCursor, type AuditLogFilter } from "@/lib/audit-log";

const EVENTS = Number(process.env.EVENTS) || 1_000_000;
const USERS = 10_000;
const RUNS = Number(process.env.RUNS) || 20;
const TARGET_MS = 50;
const DAY = 86_400_000;

// How often each type occurs (per 1,000): mostly sign-ins, a few administrators' actions.
const WEIGHTS: [type: string, perMille: number, byAdmin?: true][] = [
  ["SIGN_IN", 400],
  ["SIGN_OUT", 150],
  ["SIGN_IN_FAILED", 100],
  ["STEP_UP", 50],
  ["SESSION_REVOKED", 50],
  ["PASSWORD_CHANGED", 30],
  ["DEVICE_RENAMED", 30],
  ["DEVICE_UNTRUSTED", 30],
  ["MFA_CHALLENGE_FAILED", 20],
  ["DEVICE_DELETED", 20],
  ["OTHER_SESSIONS_REVOKED", 20],
  ["TOTP_ADDED", 20],
  ["SESSION_LIMIT_REACHED", 10],
  ["PASSKEY_ADDED", 10],
  ["RECOVERY_CODES_GENERATED", 10],
  ["EMAIL_PREFERENCES_CHANGED", 10],
  ["API_TOKEN_CREATED", 10],
  ["API_TOKEN_REVOKED", 5],
  ["ADMIN_RESET_OATH", 2, true],
  ["ADMIN_SIGNED_OUT_EVERYWHERE", 2, true],
  ["ADMIN_DISABLED_USER", 1, true],
];

/**
 * 10,000 users, three administrators, and EVENTS events over the last year, three to an instant
 * (ties for the keyset). One busy account ("kiosk") is the subject of 5% of them. Triggers
 * (security mails, webhook outbox) are off for this session only: this is history, not news.
 */
async function seed(db: pg.Client) {
  const t = performance.now();
  await db.query(`SET session_replication_role = replica`);
  await db.query(`
    INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt")
    SELECT gen_random_uuid(),
           CASE WHEN i = 1 THEN 'kiosk@example.org' WHEN i <= 4 THEN 'admin' || i || '@example.org' ELSE 'user' || i || '@example.org' END,
           CASE WHEN i = 1 THEN 'Kiosk' WHEN i <= 4 THEN 'Admin ' || i ELSE 'User ' || i END,
           CASE WHEN i BETWEEN 2 AND 4 THEN 'ADMIN'::"Role" ELSE 'USER'::"Role" END, 'x', now()
    FROM generate_series(1, ${USERS}) i`);
  await db.query(
    `CREATE TEMP TABLE u AS SELECT row_number() OVER (ORDER BY email) AS n, id FROM "User" WHERE email LIKE 'user%@example.org'`,
  );
  await db.query(
    `CREATE TEMP TABLE adm AS SELECT row_number() OVER (ORDER BY email) AS n, id FROM "User" WHERE email LIKE 'admin%@example.org'`,
  );
  // One row per thousandth of the events: event i has the type of row 1 + (i × 7919) mod the rows.
  const w = WEIGHTS.flatMap(([type, perMille, byAdmin]) => Array.from({ length: perMille }, () => [type, !!byAdmin] as const));
  await db.query(
    `CREATE TEMP TABLE w AS SELECT row_number() OVER () AS k, type, by_admin FROM unnest($1::text[], $2::boolean[]) AS t(type, by_admin)`,
    [w.map(([type]) => type), w.map(([, byAdmin]) => byAdmin)],
  );
  await db.query(`
    INSERT INTO "AuditEvent" (id, "actorId", "userId", type, ip, detail, "createdAt")
    SELECT gen_random_uuid(), CASE WHEN e.by_admin THEN e.admin WHEN e.type = 'SESSION_LIMIT_REACHED' THEN NULL ELSE e.subject END,
           e.subject, e.type, '198.51.' || (e.i % 256) || '.' || (e.i / 256 % 256), '{"deviceName":"Firefox on Linux"}'::jsonb,
           date_trunc('second', now()) - (e.i / 3) * (interval '365 days' / ${Math.ceil(EVENTS / 3)})
    FROM (
      SELECT i, w.type, w.by_admin, a.id AS admin, CASE WHEN i % 20 = 0 THEN kiosk.id ELSE s.id END AS subject
      FROM generate_series(1, ${EVENTS}) i
      JOIN w ON w.k = 1 + (i::bigint * 7919) % ${w.length}
      JOIN adm a ON a.n = 1 + i % 3
      JOIN u s ON s.n = 1 + (i::bigint * 104729) % ${USERS - 4}
      CROSS JOIN (SELECT id FROM "User" WHERE email = 'kiosk@example.org') kiosk
    ) e`);
  await db.query(`SET session_replication_role = DEFAULT`);
  await db.query(`VACUUM ANALYZE "AuditEvent"`);
  await db.query(`ANALYZE "User"`);
  return performance.now() - t;
}

type Plan = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; "Actual Rows": number; Plans?: Plan[] };

/** The statement's plan in a few words: the indexes it walks, and how many rows it had to sort. */
async function explain(db: pg.Client, where: AuditLogWhere, cursor: Parameters<typeof auditLogPageSql>[0]["cursor"]) {
  const { text, params } = auditLogPageSql({ where, cursor, limit: 51 });
  const [{ "QUERY PLAN": out }] = (await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params)).rows;
  const indexes = new Map<string, number>();
  let sorted = 0;
  let seqScan = false;
  const walk = (p: Plan) => {
    if (p["Index Name"]) indexes.set(p["Index Name"], (indexes.get(p["Index Name"]) ?? 0) + 1);
    if (p["Node Type"] === "Seq Scan" && p["Relation Name"] === "AuditEvent") seqScan = true;
    if (p["Node Type"] === "Sort" || p["Node Type"] === "Incremental Sort") sorted = Math.max(sorted, p.Plans?.[0]?.["Actual Rows"] ?? 0);
    p.Plans?.forEach(walk);
  };
  walk(out[0].Plan);
  const names = [...indexes].map(([name, n]) => `${name.replace(/^AuditEvent_/, "")}${n > 1 ? ` ×${n}` : ""}`).join(", ");
  return {
    sql: out[0]["Execution Time"] as number,
    plan: `${seqScan ? "SEQ SCAN " : ""}${names}${sorted ? `; sorts ${sorted} rows` : ""}`,
  };
}

async function main() {
  await withBenchServer("postgres", async ({ base, db }) => {
    const seeded = await seed(db);
    const admin = await createBenchUser(db, { role: "ADMIN", name: "Bench Admin" });
    const cookie = await signIn(base, admin.email, BENCH_PASSWORD);
    const id = async (email: string) => (await db.query(`SELECT id FROM "User" WHERE email = $1`, [email])).rows[0].id as string;
    const busyAdmin = await id("admin2@example.org");
    const kiosk = await id("kiosk@example.org");
    const someone = await id("user5000@example.org");
    const now = Date.now();
    const month = { from: new Date(now - 240 * DAY).toISOString().slice(0, 10), to: new Date(now - 210 * DAY).toISOString().slice(0, 10) };
    const CASES: [label: string, filter: AuditLogFilter, ids: { actorId?: string; subjectId?: string }][] = [
      ["everything", {}, {}],
      ["kind: sign-ins (common)", { kind: "sign-ins" }, {}],
      ["kind: tokens (rare)", { kind: "tokens" }, {}],
      ["kind: by an administrator", { kind: "admin" }, {}],
      ["actor: an administrator", { actor: "admin2@example.org" }, { actorId: busyAdmin }],
      ["subject: the busy account", { subject: "kiosk@example.org" }, { subjectId: kiosk }],
      ["subject: an ordinary account", { subject: "user5000@example.org" }, { subjectId: someone }],
      ["dates: one month", month, {}],
      ["kind: second factors, one month", { kind: "second-factors", ...month }, {}],
      ["actor + kind: administrator", { actor: "admin2@example.org", kind: "admin" }, { actorId: busyAdmin }],
      ["subject + kind: busy account, sign-ins", { subject: "kiosk@example.org", kind: "sign-ins" }, { subjectId: kiosk }],
    ];
    // Deep: events older than half a year (or than the month's middle), half-way down the log.
    const deep = (f: AuditLogFilter) => ({
      createdAt: new Date(f.from ? now - 225 * DAY : now - 182 * DAY),
      id: "ffffffff-ffff-4fff-bfff-ffffffffffff",
    });
    console.log(
      `\npostgres: ${EVENTS.toLocaleString("en")} audit events, ${USERS.toLocaleString("en")} users (seeded in ${(seeded / 1000).toFixed(1)} s), ` +
        `${RUNS} runs per page; target: page p95 ≤ ${TARGET_MS} ms`,
    );
    let missed = 0;
    for (const [label, filter, ids] of CASES) {
      const kind = filter.kind ? ACTIVITY_KINDS[filter.kind] : null;
      const { gte, lt } = activityDateRange(filter);
      const where: AuditLogWhere = {
        ...ids,
        types: kind?.types.length ? kind.types : undefined,
        byAdministrator: filter.kind === "admin",
        from: gte,
        to: lt,
      };
      for (const depth of ["first", "deep"] as const) {
        const position = depth === "deep" ? deep(filter) : null;
        const url = `${base}${auditLogHref("/admin/activity", filter, position ? { after: encodeAuditCursor({ ...position, createdAt: position.createdAt.toISOString() }) } : {})}`;
        const { stats: s, html } = await timePage(url, cookie, RUNS);
        const rows = html.match(/data-event-id=/g)?.length ?? 0;
        const { sql, plan } = await explain(db, where, position && { position, direction: "older" });
        if (s.p95 > TARGET_MS) missed++;
        console.log(
          `  ${`${label}, ${depth}`.padEnd(46)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  ${s.p95 <= TARGET_MS ? "✔" : "✖"}  ` +
            `(${rows} rows; SQL ${ms(sql)}: ${plan})`,
        );
      }
    }
    console.log(missed ? `\n✖ ${missed} page(s) missed the target` : `\n✔ every page within ${TARGET_MS} ms (p95)`);
    // Throwaway: drop the million rows once the server has stopped.
    return db.database;
  }).then(async (name) => {
    const { Client } = (await import("pg")).default;
    const adminUrl = new URL(process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
    const client = new Client({ connectionString: adminUrl.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });
}

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
await main();
process.exit(0);
