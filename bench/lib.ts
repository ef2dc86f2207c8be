// Helpers for the benchmarks: start the production server on a fresh database and time requests.
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";

export const freePort = () =>
  Number(
    execFileSync(
      process.execPath,
      ["-e", "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
      { encoding: "utf8" },
    ).trim(),
  );

export async function waitFor200(url: string, timeoutMs = 120_000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return performance.now() - start;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Stops a server started with `detached: true`, with everything it spawned (npm does not pass signals on). */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || !child.pid) return resolve();
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      resolve();
    }
  });
}

export function startE2eServer(env: Record<string, string>): ChildProcess {
  return spawn("npx", ["tsx", "--conditions=react-server", "scripts/e2e-server.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p95: q(0.95) };
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Times `runs` GETs of a page (after 3 unmeasured warm-up ones); a status other than 200 stops the bench. Returns the timings and the last body. */
export async function timePage(url: string, cookie: string, runs: number): Promise<{ stats: ReturnType<typeof stats>; html: string }> {
  const samples: number[] = [];
  let html = "";
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    html = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= 3) samples.push(performance.now() - t);
  }
  return { stats: stats(samples), html };
}

/** Signs in over HTTP like the sign-in form does; returns the Cookie header to send. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
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

/** The environment for a fresh server on one engine (see scripts/e2e-server.ts). */
export function engineEnv(engine: "pglite" | "postgres", port: number): Record<string, string> {
  const env: Record<string, string> = { E2E_PORT: String(port) };
  if (engine === "postgres") {
    const base = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const url = new URL(base);
    url.pathname = `/devicekeeper_bench_${port}`;
    return { ...env, DATABASE_URL: base, E2E_DATABASE_URL: url.toString() };
  }
  const socket = freePort();
  return {
    ...env,
    DATABASE_URL: "",
    PGLITE_SOCKET_PORT: String(socket),
    E2E_DATABASE_URL: `postgres://postgres@127.0.0.1:${socket}/postgres`,
  };
}

export const BENCH_PASSWORD = "bench-password";

/** Starts `next start` on a fresh database of the engine, hands a direct connection to `fn`, stops it all. */
export async function withBenchServer<T>(
  engine: "pglite" | "postgres",
  fn: (ctx: { base: string; db: import("pg").Client }) => Promise<T>,
): Promise<T> {
  const { Client } = (await import("pg")).default;
  const port = freePort();
  const env = engineEnv(engine, port);
  const server = startE2eServer(env);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${base}/api/health`);
    const db = new Client({ connectionString: env.E2E_DATABASE_URL });
    await db.connect();
    try {
      return await fn({ base, db });
    } finally {
      await db.end();
    }
  } finally {
    await stop(server);
  }
}

/** A user to sign in as (cheap bcrypt cost; the benchmarks measure the session, not hashing). */
export async function createBenchUser(
  db: import("pg").Client,
  { role = "USER", name = "Bench" }: { role?: "USER" | "ADMIN"; name?: string } = {},
) {
  const { randomUUID } = await import("node:crypto");
  const bcrypt = (await import("bcryptjs")).default;
  const id = randomUUID();
  const email = `bench-${id.slice(0, 8)}@test.example`;
  await db.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`, [
    id,
    email,
    name,
    role,
    bcrypt.hashSync(BENCH_PASSWORD, 4),
  ]);
  return { id, email };
}

/** The demo user alice (seeded with the demo data, token pat_demo_alice). */
export const DEMO_ALICE = "a11ce000-0000-4000-8000-000000000001";

/** Alice's devices topped up to 50, each with 4 live sessions. */
export async function fiftyDevices(db: import("pg").Client) {
  await db.query(
    `INSERT INTO "Device" (id, "userId", name, type, os, browser, "lastIp", "lastSeenAt", "authenticatedAt")
    SELECT gen_random_uuid(), $1, 'Bench device ' || g, 'desktop', 'Linux', 'Chrome', '198.51.100.' || g, now() - g * interval '1 minute', now()
    FROM generate_series(1, 50 - (SELECT count(*) FROM "Device" WHERE "userId" = $1 AND "deletedAt" IS NULL)) g`,
    [DEMO_ALICE],
  );
  await db.query(
    `INSERT INTO "Session" (id, "userId", "deviceId", "expiresAt", ip)
    SELECT gen_random_uuid(), d."userId", d.id, now() + interval '30 days', '198.51.100.1'
    FROM "Device" d, generate_series(1, 4) WHERE d."userId" = $1 AND d."deletedAt" IS NULL`,
    [DEMO_ALICE],
  );
  const { rows } = await db.query(
    `SELECT count(DISTINCT d.id)::int AS devices, count(s.id)::int AS sessions FROM "Device" d
    JOIN "Session" s ON s."deviceId" = d.id AND s."revokedAt" IS NULL WHERE d."userId" = $1 AND d."deletedAt" IS NULL`,
    [DEMO_ALICE],
  );
  return rows[0] as { devices: number; sessions: number };
}

/** Two first-party apps, as an administrator registers them: one sends back-channel logouts to `logoutUri`. */
export async function registerBenchApps(db: import("pg").Client, logoutUri: string | null): Promise<[string, string]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "OidcClient" (id, name, "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri", "firstParty", scopes, "updatedAt")
     VALUES (gen_random_uuid(), 'Bench wiki', '{http://127.0.0.1:9/cb}', '{}', $1, true, '{openid,offline_access}', now()),
            (gen_random_uuid(), 'Bench dashboards', '{http://127.0.0.1:9/cb}', '{}', NULL, true, '{openid}', now())
     RETURNING id`,
    [logoutUri],
  );
  return [rows[0]!.id, rows[1]!.id];
}

/**
 * The apps signed in on every live session of the given devices, as through the OpenID provider:
 * per session a provider session naming the apps (what back-channel logout reads) and a grant per
 * app, bound to the Devicekeeper Session — what the device list shows, and what ending the session
 * deletes (queuing a logout for the app that registered a URI) in the same transaction.
 */
export async function signInToApps(db: import("pg").Client, deviceIds: string[], apps: string[]) {
  await db.query(
    `WITH s AS (SELECT id, "userId" FROM "Session" WHERE "deviceId" = ANY($1::uuid[]) AND "revokedAt" IS NULL),
          provider AS (INSERT INTO "OidcPayload" (model, id, payload, uid, "accountId", "dkSessionId", "expiresAt")
            SELECT 'Session', gen_random_uuid()::text,
                   jsonb_build_object('accountId', s."userId", 'authorizations',
                     (SELECT jsonb_object_agg(app, jsonb_build_object('sid', gen_random_uuid())) FROM unnest($2::text[]) AS app)),
                   gen_random_uuid()::text, s."userId", s.id, now() + interval '1 day' FROM s)
     INSERT INTO "OidcPayload" (model, id, payload, "accountId", "clientId", "dkSessionId", "expiresAt")
     SELECT 'Grant', gen_random_uuid()::text, jsonb_build_object('accountId', s."userId", 'clientId', app), s."userId", app, s.id, now() + interval '1 day'
       FROM s CROSS JOIN unnest($2::text[]) AS app`,
    [deviceIds, apps],
  );
}

/** What the OpenID provider still holds for the devices' sessions (ending a session must leave nothing). */
export async function appRowsLeft(db: import("pg").Client, deviceIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "OidcPayload" p JOIN "Session" s ON s.id = p."dkSessionId" WHERE s."deviceId" = ANY($1::uuid[])`,
    [deviceIds],
  );
  return rows[0]!.n;
}
