// Load and fault test (`npm run test:load`): many concurrent clients against the production build
// for a while — device lists (REST), the devices page, sign-ins, and deletes and untrusts of
// distinct devices that have live sessions — then checks the invariants:
//   - no answer ≥ 500 (a 503 with Retry-After is allowed while PostgreSQL restarts), no socket
//     errors unless the app itself was killed;
//   - audit rows == successful changes, exactly (with faults: every change has its row, and the
//     rows exceed the successes by at most the answers lost to the fault);
//   - every acted-on device's session is rejected on its very next request, and in the database no
//     deleted or untrusted device keeps a live session and none changed without its audit row.
// Scenarios: --scenario all (default) | pg | pglite | pg-restart | sigkill; --clients, --seconds override;
// --processes N: the server's SERVER_PROCESSES (default: the variable's value, else 1; PGlite serves one).
//   npm run test:load [-- --scenario pg --clients 200 --seconds 60 --processes 2]
import { spawn, execSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { BENCH_PASSWORD, createBenchUser, freePort, waitFor200 } from "./lib";
import { serverArgs } from "../scripts/lib/server-entry";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "all" },
    clients: { type: "string" },
    seconds: { type: "string" },
    processes: { type: "string" },
  },
});
const AUTH_SECRET = "load-test-secret-not-for-production-0123456789";
const COOKIE = "dk.session"; // over http (server/auth/cookies.ts)

type Scenario = { name: string; engine: "postgres" | "pglite"; clients: number; seconds: number; fault?: "pg-restart" | "sigkill" };
const SCENARIOS: Scenario[] = [
  { name: "pg", engine: "postgres", clients: 200, seconds: 60 },
  { name: "pglite", engine: "pglite", clients: 50, seconds: 60 },
  { name: "pg-restart", engine: "postgres", clients: 200, seconds: 60, fault: "pg-restart" },
  { name: "sigkill", engine: "postgres", clients: 200, seconds: 60, fault: "sigkill" },
];

/** The production server, one process (killable with SIGKILL), on a database that already exists. */
function startServer(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, serverArgs(["-p", String(port), "-H", "127.0.0.1", "--keepAliveTimeout", "65000"]), {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const stopServer = (child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });

type Victim = { userId: string; deviceId: string; cookie: string; pat: string };
type User = { id: string; email: string; pat: string; cookie: string };

async function setUp(db: pg.Client, clients: number, victimsPerUser: number): Promise<{ users: User[]; victims: Victim[] }> {
  const { generateToken } = await import("../server/api-tokens/token-secret");
  const users: User[] = [];
  const victims: Victim[] = [];
  for (let i = 0; i < clients; i++) {
    const { id, email } = await createBenchUser(db, { name: "Load" });
    const pat = generateToken("PERSONAL");
    await db.query(
      `INSERT INTO "ApiToken" (id, kind, "userId", name, "tokenHash", prefix) VALUES (gen_random_uuid(), 'PERSONAL', $1, 'load', $2, $3)`,
      [id, pat.tokenHash, pat.prefix],
    );
    // Its own browser (for the devices page), and victims: trusted devices with a live session each.
    const { rows: made } = await db.query(
      `WITH d AS (INSERT INTO "Device" (id, "userId", name, type, "trustedAt", "lastSeenAt")
                  SELECT gen_random_uuid(), $1, 'Load device ' || g, 'desktop', now(), now() FROM generate_series(0, $2) g RETURNING id)
       INSERT INTO "Session" (id, "userId", "deviceId", "expiresAt") SELECT gen_random_uuid(), $1, d.id, now() + interval '1 day' FROM d
       RETURNING id, "deviceId"`,
      [id, victimsPerUser],
    );
    const cookieOf = async (sid: string) => `${COOKIE}=${await encode({ token: { sub: id, sid }, secret: AUTH_SECRET })}`;
    users.push({ id, email, pat: pat.token, cookie: await cookieOf(made[0].id) });
    for (const s of made.slice(1)) victims.push({ userId: id, deviceId: s.deviceId, cookie: await cookieOf(s.id), pat: pat.token });
  }
  return { users, victims: victims.sort(() => Math.random() - 0.5) };
}

type Tally = Record<string, number>;

async function runLoad(base: string, users: User[], victims: Victim[], seconds: number, onTick?: (elapsed: number) => Promise<void>) {
  const statuses: Tally = {};
  const ok = { signIn: 0, delete: 0, untrust: 0 };
  const lost = { signIn: 0, delete: 0, untrust: 0 }; // answered 5xx or not at all: may or may not have happened
  const problems: string[] = [];
  const latencies: number[] = [];
  let socketErrors = 0;
  let requests = 0;
  const acted: Victim[] = [];
  const end = Date.now() + seconds * 1000;

  type Answer = { status: number; headers: Headers; text: string };
  const call = async (url: string, init: RequestInit = {}): Promise<Answer | null> => {
    const t = performance.now();
    requests++;
    try {
      const res = await fetch(base + url, { ...init, redirect: "manual" });
      const text = await res.text();
      latencies.push(performance.now() - t);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 500 && res.status !== 503) problems.push(`${res.status} ← ${init.method ?? "GET"} ${url}`);
      if (res.status === 503 && !res.headers.get("retry-after")) problems.push(`503 without Retry-After ← ${url}`);
      return { status: res.status, headers: res.headers, text };
    } catch {
      socketErrors++;
      return null;
    }
  };

  // As the sign-in form does: a CSRF token (and its cookie), then the credentials.
  const signIn = async (u: User) => {
    const csrf = await call("/api/auth/csrf");
    if (!csrf || csrf.status !== 200) return void lost.signIn++;
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const jar = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const res = await call("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
      body: new URLSearchParams({ csrfToken, email: u.email, password: BENCH_PASSWORD, json: "true" }),
    });
    if (res && res.status === 200 && res.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=`))) ok.signIn++;
    // next-auth answers 401 for any refusal; the form says "temporarily unavailable" for this one.
    else if (!res || res.status >= 500 || res.text.includes("error=UNAVAILABLE")) lost.signIn++;
    else problems.push(`sign-in refused: ${res.status} ${res.text.slice(0, 80)}`);
  };

  const act = async (kind: "delete" | "untrust") => {
    const v = victims.pop();
    if (!v) return;
    const res =
      kind === "delete"
        ? await call(`/api/v1/settings/devices/${v.deviceId}`, { method: "DELETE", headers: { authorization: `Bearer ${v.pat}` } })
        : await call(`/api/v1/devices/${v.deviceId}/untrust`, { method: "POST", headers: { authorization: `Bearer ${v.pat}` } });
    if (res?.status === 200) {
      ok[kind]++;
      acted.push(v);
      // The acted-on device's session fails its very next request.
      const next = await call("/api/me", { headers: { cookie: v.cookie } });
      if (next && next.status !== 401 && next.status !== 503) problems.push(`${kind}d device's session answered ${next.status}`);
    } else if (!res || res.status >= 500) lost[kind]++;
    else problems.push(`${kind} refused: ${res.status}`);
  };

  const client = async (u: User) => {
    while (Date.now() < end) {
      const r = Math.random();
      if (r < 0.4) await call("/api/v1/settings/devices", { headers: { authorization: `Bearer ${u.pat}` } });
      else if (r < 0.6) await call("/devices", { headers: { cookie: u.cookie } });
      else if (r < 0.7) await signIn(u);
      else await act(r < 0.85 ? "delete" : "untrust");
    }
  };

  const started = Date.now();
  const ticker = onTick
    ? (async () => {
        while (Date.now() < end) {
          await new Promise((r) => setTimeout(r, 250));
          await onTick((Date.now() - started) / 1000);
        }
      })()
    : Promise.resolve();
  await Promise.all([...users.map(client), ticker]);
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.floor(p * (latencies.length - 1))] ?? 0;
  return { statuses, ok, lost, problems, socketErrors, requests, acted, elapsed, p50: q(0.5), p99: q(0.99) };
}

async function invariants(db: pg.Client, since: Date, run: Awaited<ReturnType<typeof runLoad>>, exact: boolean): Promise<string[]> {
  const failures: string[] = [];
  const { rows } = await db.query(`SELECT type, count(*)::int AS n FROM "AuditEvent" WHERE "createdAt" >= $1 GROUP BY type`, [since]);
  const audited = Object.fromEntries(rows.map((r) => [r.type, r.n])) as Record<string, number>;
  for (const [type, key] of [
    ["SIGN_IN", "signIn"],
    ["DEVICE_DELETED", "delete"],
    ["DEVICE_UNTRUSTED", "untrust"],
  ] as const) {
    const rowsN = audited[type] ?? 0;
    const okN = run.ok[key];
    const line = `${type}: ${rowsN} audit rows, ${okN} successes${exact ? "" : `, ${run.lost[key]} lost answers`}`;
    console.log(`    ${line}`);
    if (exact ? rowsN !== okN : rowsN < okN || rowsN > okN + run.lost[key]) failures.push(line);
  }
  const [{ n: liveOnEnded }] = (
    await db.query(
      `SELECT count(*)::int AS n FROM "Session" s JOIN "Device" d ON d.id = s."deviceId"
       WHERE s."revokedAt" IS NULL AND (d."deletedAt" IS NOT NULL OR (d.name LIKE 'Load device %' AND d."trustedAt" IS NULL))`,
    )
  ).rows;
  if (liveOnEnded) failures.push(`${liveOnEnded} live sessions on deleted or untrusted devices`);
  const [{ n: unaudited }] = (
    await db.query(
      `SELECT count(*)::int AS n FROM "Device" d WHERE d.name LIKE 'Load device %' AND (d."deletedAt" IS NOT NULL OR d."trustedAt" IS NULL)
       AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."deviceId" = d.id AND a.type IN ('DEVICE_DELETED', 'DEVICE_UNTRUSTED'))`,
    )
  ).rows;
  if (unaudited) failures.push(`${unaudited} devices changed without an audit row`);
  const ids = run.acted.map((v) => v.deviceId);
  const [{ n: stillLive }] = (
    await db.query(`SELECT count(*)::int AS n FROM "Session" WHERE "deviceId" = ANY($1::uuid[]) AND "revokedAt" IS NULL`, [ids])
  ).rows;
  if (stillLive) failures.push(`${stillLive} sessions still live on acted-on devices`);
  console.log(
    `    live sessions on ended devices: ${liveOnEnded} · changes without audit: ${unaudited} · acted-on devices with a live session: ${stillLive}`,
  );
  return failures;
}

async function scenario(s: Scenario): Promise<string[]> {
  const clients = Number(values.clients ?? s.clients);
  const seconds = Number(values.seconds ?? s.seconds);
  // Several server processes on the port (scripts/serve.ts) on PostgreSQL; the embedded database serves one.
  const processes = s.engine === "postgres" ? (values.processes ?? process.env.SERVER_PROCESSES ?? "1") : "1";
  console.log(
    `\n▶ ${s.name}: ${clients} clients for ${seconds} s on ${s.engine}, ${processes} server ${processes === "1" ? "process" : "processes"}${s.fault ? `, fault: ${s.fault} at ${Math.round(seconds / 3)} s` : ""}`,
  );
  const port = freePort();
  const env: Record<string, string> = {
    AUTH_SECRET,
    AUTH_URL: `http://localhost:${port}`,
    TRUST_PROXY: "loopback",
    SEED_DEMO_DATA: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    SERVER_PROCESSES: processes,
  };
  let dbUrl: string;
  let tmp: string | undefined;
  if (s.engine === "postgres") {
    const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    const name = `devicekeeper_load_${port}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    dbUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
    env.DATABASE_URL = dbUrl;
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dk-load-"));
    const socket = freePort();
    Object.assign(env, { DATABASE_URL: "", PGLITE_DATA_DIR: path.join(tmp, "pglite"), PGLITE_SOCKET_PORT: String(socket) });
    dbUrl = `postgres://postgres@127.0.0.1:${socket}/postgres`;
  }
  let server = startServer(port, env);
  const base = `http://127.0.0.1:${port}`;
  const failures: string[] = [];
  try {
    await waitFor200(`${base}/api/health`);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    db.on("error", () => undefined);
    const { users, victims } = await setUp(db, clients, Math.ceil((s.engine === "postgres" ? 12_000 : 4_000) / clients));
    await db.end();
    const since = new Date(Date.now() - 1000);
    let faulted = false;
    const onTick = s.fault
      ? async (t: number) => {
          if (faulted || t < seconds / 3) return;
          faulted = true;
          if (s.fault === "pg-restart") {
            console.log(`    ${t.toFixed(1)} s: restarting PostgreSQL`);
            execSync(`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart`, { stdio: "inherit" });
          } else {
            console.log(`    ${t.toFixed(1)} s: SIGKILL to the app, then start it again`);
            await stopServer(server, "SIGKILL");
            server = startServer(port, env);
            await waitFor200(`${base}/api/health`).then((ms) => console.log(`    back after ${(ms / 1000).toFixed(1)} s`));
          }
        }
      : undefined;
    const run = await runLoad(base, users, victims, seconds, onTick);
    console.log(
      `    ${run.requests} requests in ${run.elapsed.toFixed(0)} s (${(run.requests / run.elapsed).toFixed(0)} req/s), p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms`,
    );
    console.log(`    statuses ${JSON.stringify(run.statuses)} · socket errors ${run.socketErrors}`);
    console.log(`    successes: ${run.ok.signIn} sign-ins, ${run.ok.delete} deletes, ${run.ok.untrust} untrusts`);
    // Each kind of problem once, with how often (ids in paths folded).
    const kinds = new Map<string, number>();
    for (const p of run.problems) {
      const k = p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}");
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    failures.push(...[...kinds].map(([k, n]) => `${n} × ${k}`));
    if (run.socketErrors && s.fault !== "sigkill") failures.push(`${run.socketErrors} socket errors`);
    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    failures.push(...(await invariants(check, since, run, !s.fault)));
    await check.end();
  } finally {
    await stopServer(server);
    if (s.engine === "postgres") {
      const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "devicekeeper_load_${port}" WITH (FORCE)`);
      await admin.end();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(failures.length ? `  ✘ ${s.name}:\n    - ${failures.join("\n    - ")}` : `  ✔ ${s.name}: every invariant holds`);
  return failures;
}

async function main() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const chosen = values.scenario === "all" ? SCENARIOS : SCENARIOS.filter((s) => s.name === values.scenario);
  if (!chosen.length) throw new Error(`Unknown scenario ${values.scenario}: ${SCENARIOS.map((s) => s.name).join(", ")}, all`);
  let failed = 0;
  for (const s of chosen) failed += (await scenario(s)).length ? 1 : 0;
  console.log(
    `\n${failed ? `✘ ${failed} of ${chosen.length} scenarios broke an invariant` : `✔ all ${chosen.length} scenarios hold every invariant`}`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
