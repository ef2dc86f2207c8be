// Several server processes on one port (SERVER_PROCESSES; scripts/serve.ts, server/boot/supervise.ts):
// the primary migrates, starts the processes and serves nothing itself. Each connection goes to one
// of them, so: both serve; one scrape of /metrics counts what every process served; a change to an
// app reaches the other process's cache at once; a process that dies is replaced while the port
// keeps answering; SIGTERM stops them all with exit code 0. On the embedded database the variable
// is ignored, and the log says why.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type pg from "pg";
import {
  createDatabase,
  createTokenIn,
  databaseUrl,
  dropDatabase,
  freePort,
  metricValue,
  scrapeMetrics,
  startInstance,
  testPool,
  usesPostgres,
  type Instance,
} from "./support/multi-instance";

const METRICS_TOKEN = `processes-metrics-${Date.now().toString(36)}`;

/** A GET on a connection of its own (no keep-alive): the primary hands each connection to one process. */
function getOnNewConnection(baseURL: string, urlPath: string): Promise<{ status: number; location?: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: hostname, port, path: urlPath, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.once("error", reject);
  });
}

/** The pids that wrote "✔ Server process … serving": the serving processes, in order of start. */
const servingPids = (i: Instance) =>
  i
    .logLines()
    .filter((l) => /^✔ Server process \d+ serving /.test(String(l.msg)))
    .map((l) => Number(l.pid));

/** The pids that logged a request to `urlPath`. */
const pidsThatServed = (i: Instance, urlPath: string) =>
  new Set(
    i
      .logLines()
      .filter((l) => l.msg === "request" && l.path === urlPath)
      .map((l) => Number(l.pid)),
  );

test.describe("two server processes on one port (SERVER_PROCESSES=2, PostgreSQL)", () => {
  test.skip(!usesPostgres(), "needs PostgreSQL (DATABASE_URL=postgres://…): the embedded database serves one process (tested below)");
  test.describe.configure({ mode: "serial" });

  let dbName: string | undefined;
  let pool: pg.Pool | undefined;
  let server: Instance | undefined;
  const srv = () => server!;
  const db = () => pool!;

  test.beforeAll(async () => {
    test.setTimeout(200_000);
    dbName = await createDatabase("devicekeeper_processes");
    server = startInstance("processes", await freePort(), {
      DATABASE_URL: databaseUrl(dbName),
      SERVER_PROCESSES: "2",
      METRICS_TOKEN,
      SHUTDOWN_GRACE_MS: "5000",
    });
    await server.waitReady(180_000);
    // "Ready" answers as soon as one process listens: wait for both.
    await expect.poll(() => servingPids(srv()).length, { timeout: 60_000 }).toBe(2);
    pool = testPool(databaseUrl(dbName), 2);
  });

  test.afterAll(async () => {
    test.setTimeout(60_000);
    try {
      const pids = servingPids(srv());
      const died = new Set(
        srv()
          .logLines()
          .map((l) => l.workerPid),
      );
      const exit = await server?.stop();
      expect(exit?.code).toBe(0);
      // The processes went with the primary.
      for (const pid of pids) expect(() => process.kill(pid, 0), `process ${pid}`).toThrow();
      const stopped = srv()
        .logLines()
        .filter((l) => l.msg === "stopped")
        .map((l) => Number(l.pid));
      // Each process still serving finished its own shutdown (the one killed by a test could not).
      expect(new Set(stopped)).toEqual(new Set([...pids.filter((pid) => !died.has(pid)), srv().process.pid]));
    } finally {
      await pool?.end();
      if (dbName) await dropDatabase(dbName);
    }
  });

  test("the primary says how many processes serve; each of them serves; one scrape counts them all", async () => {
    const primary = srv().process.pid!;
    const pids = servingPids(srv());
    expect(pids).not.toContain(primary);
    expect(new Set(pids).size).toBe(2);
    expect(
      srv()
        .logLines()
        .map((l) => String(l.msg)),
    ).toContainEqual(
      expect.stringMatching(/^✔ Devicekeeper on http:\/\/[\w.]+:\d+ — 2 server processes \(SERVER_PROCESSES\) — ready in \d+ ms$/),
    );

    // Each process's series carries its number: one scrape, whichever process takes it, has both.
    const health = { method: "GET", route: "/api/health", status: "200" };
    const served = (text: string) =>
      ["1", "2"].map((process) => metricValue(text, "devicekeeper_http_requests_total", { ...health, process }) ?? 0);
    const before = served(await scrapeMetrics(srv(), METRICS_TOKEN));
    for (let i = 0; i < 20; i++) expect((await getOnNewConnection(srv().baseURL, "/api/health")).status).toBe(200);
    // Both processes answered some of them…
    await expect.poll(() => [...pidsThatServed(srv(), "/api/health")].sort()).toEqual([...pids].sort());
    // …and the scrape counts all 20, some on each.
    const after = served(await scrapeMetrics(srv(), METRICS_TOKEN));
    const added = after.map((n, i) => n - before[i]!);
    expect(added[0]! + added[1]!).toBe(20);
    expect(Math.min(...added)).toBeGreaterThan(0);

    // A figure read from the shared database is reported once, with no process label: one delivery waiting.
    const endpoint = crypto.randomUUID();
    await db().query(
      `INSERT INTO "WebhookEndpoint" (id, url, events, enabled, "secretEnc", "updatedAt") VALUES ($1, 'https://hooks.example.com/x', '{*}', false, 'x', now())`,
      [endpoint],
    );
    await db().query(
      `INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", "eventType", payload, "nextAttemptAt")
       VALUES (gen_random_uuid(), $1, 'msg_processes', 'session.revoked', '{}', now() + interval '1 day')`,
      [endpoint],
    );
    try {
      for (let i = 0; i < 4; i++) {
        const text = await scrapeMetrics(srv(), METRICS_TOKEN);
        expect(metricValue(text, "devicekeeper_webhook_outbox_depth", { queue: "pending" })).toBe(1);
      }
    } finally {
      await db().query(`DELETE FROM "WebhookEndpoint" WHERE id = $1`, [endpoint]);
    }
  });

  test("an app deleted through one process is unknown to the other at once (not after its cache's 5 s)", async () => {
    const { token } = await createTokenIn(db(), "SERVER", null);
    const redirect = "https://wiki.example.com/cb";
    const created = await fetch(`${srv().baseURL}/api/v1/apps`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `Wiki ${crypto.randomUUID().slice(0, 6)}`, redirect_uris: [redirect], scopes: ["profile"] }),
    });
    expect(created.status).toBe(201);
    const clientId = ((await created.json()) as { client_id: string }).client_id;
    const authorize = `/oidc/auth?${new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirect,
      response_type: "code",
      scope: "openid",
      state: "s",
      code_challenge: crypto.createHash("sha256").update("v".repeat(43)).digest("base64url"),
      code_challenge_method: "S256",
    })}`;
    // Known to both processes (each has read the app into its cache): sent to sign in.
    for (let i = 0; i < 6; i++) {
      const res = await getOnNewConnection(srv().baseURL, authorize);
      expect(res.status, `request ${i}`).toBe(303);
    }
    await expect.poll(() => pidsThatServed(srv(), "/oidc/auth").size).toBe(2);

    const deleted = await fetch(`${srv().baseURL}/api/v1/apps/${clientId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(200);
    // At once, on either process: an unknown client (a 400 error page, never a sign-in).
    for (let i = 0; i < 6; i++) {
      const res = await getOnNewConnection(srv().baseURL, authorize);
      expect(res.status, `request ${i} after the delete`).toBe(400);
    }
  });

  test("a process that dies is replaced; the port answers while it is", async () => {
    test.setTimeout(90_000);
    const [victim, survivor] = servingPids(srv());
    process.kill(victim!, "SIGKILL");
    // Once the primary knows (a connection handed to the process as it died is lost with it, as in any crash)…
    await expect
      .poll(
        () =>
          srv()
            .logLines()
            .some((l) => l.workerPid === victim),
        { timeout: 10_000 },
      )
      .toBe(true);
    // …the other process answers every connection while the primary starts a new one.
    const answers: number[] = [];
    const deadline = Date.now() + 60_000;
    while (servingPids(srv()).length < 3 && Date.now() < deadline) {
      answers.push((await getOnNewConnection(srv().baseURL, "/api/health")).status);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(servingPids(srv())).toHaveLength(3);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((s) => s === 200)).toBe(true);
    const replacement = servingPids(srv())[2]!;
    expect([victim, survivor]).not.toContain(replacement);
    expect(srv().logLines()).toContainEqual(
      expect.objectContaining({ workerPid: victim, signal: "SIGKILL", msg: "a server process exited: starting another in its place" }),
    );
    // The replacement serves too.
    for (let i = 0; i < 10; i++) expect((await getOnNewConnection(srv().baseURL, "/api/health")).status).toBe(200);
    await expect.poll(() => pidsThatServed(srv(), "/api/health").has(replacement)).toBe(true);
  });
});

test("two server processes that cannot take their port: the start fails as one process's would, exit code 1", async () => {
  test.skip(!usesPostgres(), "needs PostgreSQL (DATABASE_URL=postgres://…)");
  test.setTimeout(150_000);
  const dbName = await createDatabase("devicekeeper_processes_busy");
  const port = await freePort();
  const squatter = net.createServer().listen(port, "127.0.0.1");
  await new Promise((r) => squatter.once("listening", r));
  const server = startInstance("processes-busy", port, { DATABASE_URL: databaseUrl(dbName), SERVER_PROCESSES: "2" });
  try {
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect(server.logLines()).toContainEqual(expect.objectContaining({ msg: "a server process exited before it could serve: stopping" }));
    expect(servingPids(server)).toEqual([]);
  } finally {
    await server.stop();
    squatter.close();
    await dropDatabase(dbName);
  }
});

test("SERVER_PROCESSES=2 on the embedded database: one process serves, and the log says why", async () => {
  test.setTimeout(150_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dk-processes-"));
  const port = await freePort();
  let socketPort = await freePort();
  while (socketPort === port) socketPort = await freePort();
  const server = startInstance("processes-pglite", port, {
    PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
    PGLITE_SOCKET_PORT: String(socketPort),
    SERVER_PROCESSES: "2",
  });
  try {
    await server.waitReady(120_000);
    const messages = server.logLines().map((l) => String(l.msg));
    expect(messages).toContain(
      "SERVER_PROCESSES=2 is ignored: the embedded database serves one process. Use PostgreSQL (DATABASE_URL) for several.",
    );
    expect(messages).toContainEqual(expect.stringMatching(/^✔ Devicekeeper on http:\/\/[\w.]+:\d+ — ready in \d+ ms$/));
    expect(servingPids(server)).toEqual([]);
    expect(new Set(server.logLines().map((l) => l.pid))).toEqual(new Set([server.process.pid]));
  } finally {
    expect((await server.stop()).code).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
