// What operators rely on, checked against one production instance of its own (scripts/serve.ts on
// a fresh database: a PGlite directory, or with DATABASE_URL=postgres://… a new PostgreSQL
// database): liveness and readiness, request ids, JSON request logs that leak no credential,
// Prometheus metrics behind METRICS_TOKEN, and a graceful shutdown on SIGTERM.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { signInOverHttp } from "./support/auth";
import { basic, bearer } from "./support/api";
import {
  createDatabase,
  createTokenIn,
  createUserIn,
  databaseUrl,
  dropDatabase,
  freePort,
  metricValue,
  startInstance,
  testPool,
  usesPostgres,
  type Instance,
} from "./support/multi-instance";

const METRICS_TOKEN = `ops-metrics-${crypto.randomBytes(12).toString("base64url")}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const random = () => crypto.randomBytes(12).toString("base64url");

/** A POST whose body is sent in two parts: the request stays in flight until `finish()` sends the rest. */
function slowPost(port: number, urlPath: string, headers: Record<string, string>, body: string) {
  const req = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: urlPath,
    agent: false,
    headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
  });
  const response = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; at: number }>((resolve, reject) => {
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.once("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, at: Date.now() }));
      res.once("error", reject);
    });
    req.once("error", reject);
  });
  void response.catch(() => {}); // awaited by the test; never an unhandled rejection meanwhile
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { response, finish: () => req.end(body.slice(half)) };
}

/** A new connection's fate: the status of GET `urlPath`, or the connection error's code. */
function probe(port: number, urlPath: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

test.describe(`operations (${usesPostgres() ? "PostgreSQL" : "embedded PGlite"})`, () => {
  test.describe.configure({ mode: "serial" });

  let server: Instance | undefined;
  let pool: pg.Pool | undefined;
  let poolEnded = false;
  let dbName: string | undefined;
  let dataDir: string | undefined;
  const srv = () => server!;
  const db = () => pool!;
  const url = (p: string) => `${srv().baseURL}${p}`;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const port = await freePort();
    let env: Record<string, string>;
    let connectionString: string;
    if (usesPostgres()) {
      dbName = await createDatabase("devicekeeper_ops");
      connectionString = databaseUrl(dbName);
      env = { DATABASE_URL: connectionString };
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dk-ops-"));
      let socketPort = await freePort();
      while (socketPort === port) socketPort = await freePort();
      // The tests reach the embedded database through the instance's loopback socket.
      connectionString = `postgres://postgres@127.0.0.1:${socketPort}/postgres`;
      env = { PGLITE_DATA_DIR: path.join(dataDir, "pglite"), PGLITE_SOCKET_PORT: String(socketPort) };
    }
    server = startInstance("ops", port, { ...env, METRICS_TOKEN, SHUTDOWN_GRACE_MS: "10000" });
    await server.waitReady(150_000);
    pool = testPool(connectionString, 1);
  });

  test.afterAll(async () => {
    test.setTimeout(60_000);
    try {
      if (pool && !poolEnded) await pool.end();
      await server?.stop();
    } finally {
      if (dbName) await dropDatabase(dbName);
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("liveness and readiness answer JSON", async ({ request }) => {
    const health = await request.get(url("/api/health"));
    expect(health.status()).toBe(200);
    expect(health.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await health.json()).toEqual({ status: "ok" });

    const ready = await request.get(url("/api/ready"));
    expect(ready.status()).toBe(200);
    expect(ready.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await ready.json()).toEqual({ status: "ready", ready: true, database: "ok", migrations: "ok", shuttingDown: false });
  });

  test("every answer carries an X-Request-Id; a well-formed one sent by the client is kept", async ({ request }) => {
    const page = await request.get(url("/sign-in"));
    expect(page.status()).toBe(200);
    expect(page.headers()["content-type"]).toMatch(/^text\/html/);
    const api = await request.get(url("/api/health"));
    const missing = await request.get(url("/api/v1/no-such-route"));
    expect(missing.status()).toBe(404);
    const ids = [page, api, missing].map((r) => r.headers()["x-request-id"]);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);

    // A proxy's or client's id is kept, on a page and on the API alike …
    const pageId = `ops-page.${random()}:1`;
    const apiId = `ops-api-${random()}`;
    expect((await request.get(url("/sign-in"), { headers: { "X-Request-Id": pageId } })).headers()["x-request-id"]).toBe(pageId);
    expect((await request.get(url("/api/health"), { headers: { "X-Request-Id": apiId } })).headers()["x-request-id"]).toBe(apiId);
    // … a malformed one (spaces, other characters, too long) is replaced.
    for (const bad of ["two words", "<script>", "x".repeat(129)]) {
      const id = (await request.get(url("/api/health"), { headers: { "X-Request-Id": bad } })).headers()["x-request-id"];
      expect(id, JSON.stringify(bad)).toMatch(UUID);
    }
    // The log line of each request carries its id.
    await expect
      .poll(() =>
        srv()
          .logLines()
          .find((l) => l.reqId === apiId),
      )
      .toMatchObject({ method: "GET", path: "/api/health", status: 200 });
    await expect
      .poll(() =>
        srv()
          .logLines()
          .find((l) => l.reqId === pageId),
      )
      .toMatchObject({ method: "GET", path: "/sign-in", status: 200 });
    await expect
      .poll(() =>
        srv()
          .logLines()
          .find((l) => l.reqId === ids[2]),
      )
      .toMatchObject({ path: "/api/v1/no-such-route", status: 404 });
  });

  test("logs are JSON lines, one per request, without passwords, cookies or tokens", async ({ browser, request }) => {
    const user = await createUserIn(db());
    const wrongPassword = `wrong-${random()}`;
    const unknownToken = `pat_${random()}${random()}`;
    const querySecret = `q-${random()}`;
    const ctx = await browser.newContext({ baseURL: srv().baseURL });
    const { csrfToken } = await (await ctx.request.get("/api/auth/csrf")).json();

    const idWrong = `ops-wrong-${random()}`;
    const wrong = await ctx.request.post("/api/auth/callback/credentials", {
      headers: { "X-Request-Id": idWrong },
      form: { csrfToken, email: user.email, password: wrongPassword, json: "true" },
    });
    expect(wrong.status()).toBe(401);
    const idUnknown = `ops-unknown-${random()}`;
    expect((await request.get(url("/api/me"), { headers: { ...bearer(unknownToken), "X-Request-Id": idUnknown } })).status()).toBe(401);
    const idQuery = `ops-query-${random()}`;
    expect((await request.get(url(`/api/health?token=${querySecret}`), { headers: { "X-Request-Id": idQuery } })).status()).toBe(200);

    await signInOverHttp(ctx, user); // the right password, a session cookie
    const idCookie = `ops-cookie-${random()}`;
    expect((await ctx.request.get("/api/me", { headers: { "X-Request-Id": idCookie } })).status()).toBe(200);
    const { token: pat } = await createTokenIn(db(), "PERSONAL", user.id);
    const idPat = `ops-pat-${random()}`;
    expect((await request.get(url("/api/v1/settings/devices"), { headers: { ...bearer(pat), "X-Request-Id": idPat } })).status()).toBe(200);
    const cookies = (await ctx.cookies()).filter((c) => !c.name.includes("callback-url"));
    expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(["dk.session", "dk.device"]));
    await ctx.close();

    const lineOf = (reqId: string) =>
      srv()
        .logLines()
        .filter((l) => l.reqId === reqId && l.msg === "request");
    await expect.poll(() => lineOf(idPat).length).toBe(1);
    expect(lineOf(idWrong)).toEqual([
      expect.objectContaining({ method: "POST", path: "/api/auth/callback/credentials", status: 401, ip: "127.0.0.1", level: 30 }),
    ]);
    expect(lineOf(idUnknown)).toEqual([expect.objectContaining({ method: "GET", path: "/api/me", status: 401 })]);
    expect(lineOf(idQuery)).toEqual([expect.objectContaining({ method: "GET", path: "/api/health", status: 200 })]);
    expect(lineOf(idCookie)).toEqual([expect.objectContaining({ method: "GET", path: "/api/me", status: 200 })]);
    expect(lineOf(idPat)).toEqual([expect.objectContaining({ method: "GET", path: "/api/v1/settings/devices", status: 200 })]);

    // Every stdout line is JSON (logLines throws otherwise); every request line is complete.
    const requests = srv()
      .logLines()
      .filter((l) => l.msg === "request");
    expect(requests.length).toBeGreaterThan(10);
    for (const line of requests) {
      expect(typeof line.reqId, JSON.stringify(line)).toBe("string");
      expect(typeof line.method, JSON.stringify(line)).toBe("string");
      expect(line.path, JSON.stringify(line)).toMatch(/^\/[^?]*$/);
      expect(typeof line.status, JSON.stringify(line)).toBe("number");
    }
    const secrets: Record<string, string> = {
      "wrong password": wrongPassword,
      "right password": user.password,
      "unknown bearer token": unknownToken,
      "personal access token": pat,
      "query-string secret": querySecret,
      "CSRF token": csrfToken,
      "metrics token": METRICS_TOKEN,
      ...Object.fromEntries(cookies.map((c) => [`cookie ${c.name}`, decodeURIComponent(c.value)])),
    };
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThanOrEqual(16);
      expect(srv().stdout().includes(value), `${what} in stdout`).toBe(false);
      expect(srv().stderr().includes(value), `${what} in stderr`).toBe(false);
    }
  });

  test("/metrics: 401 without the token or with a wrong one; with it, Prometheus text that counts", async ({ browser, request }) => {
    for (const headers of [{}, bearer("wrong-token"), bearer(`${METRICS_TOKEN}x`), basic(METRICS_TOKEN)]) {
      const denied = await request.get(url("/metrics"), { headers });
      expect(denied.status(), JSON.stringify(headers)).toBe(401);
      expect(denied.headers()["www-authenticate"]).toBe('Bearer realm="metrics"');
      expect(await denied.text()).not.toContain("devicekeeper_");
    }
    const scrape = async () => {
      const res = await request.get(url("/metrics"), { headers: bearer(METRICS_TOKEN) });
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toMatch(/^text\/plain/);
      return res.text();
    };
    const first = await scrape();
    for (const [name, type] of [
      ["devicekeeper_http_requests_total", "counter"],
      ["devicekeeper_http_request_duration_seconds", "histogram"],
      ["devicekeeper_session_checks_total", "counter"],
      ["devicekeeper_sessions_revoked_total", "counter"],
      ["devicekeeper_sign_in_failures_total", "counter"],
      ["devicekeeper_webhook_outbox_depth", "gauge"],
    ])
      expect(first, name).toContain(`# TYPE ${name} ${type}\n`);
    for (const queue of ["outbox", "pending"])
      expect(metricValue(first, "devicekeeper_webhook_outbox_depth", { queue }), queue).toBeGreaterThanOrEqual(0);

    const health = { method: "GET", route: "/api/health", status: "200" };
    const failures = { kind: "password" };
    const valid = { result: "valid" };
    const signedOut = { reason: "signed_out" };
    const value = (text: string, name: string, labels: Record<string, string>) => metricValue(text, name, labels) ?? 0;

    // A route called three times; a wrong password; one signed-in request; one sign-out.
    const user = await createUserIn(db());
    const ctx = await browser.newContext({ baseURL: srv().baseURL });
    await signInOverHttp(ctx, user);
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await request.get(url("/api/health"))).status()).toBe(200);
    const { csrfToken } = await (await request.get(url("/api/auth/csrf"))).json();
    const wrong = await request.post(url("/api/auth/callback/credentials"), {
      form: { csrfToken, email: user.email, password: "not the password", json: "true" },
    });
    expect(wrong.status()).toBe(401);
    expect((await ctx.request.get("/api/me")).status()).toBe(200);
    const csrf = (await (await ctx.request.get("/api/auth/csrf")).json()).csrfToken;
    expect((await ctx.request.post("/api/auth/signout", { form: { csrfToken: csrf, json: "true" } })).ok()).toBeTruthy();
    await ctx.close();
    const after = await scrape();

    expect(value(after, "devicekeeper_http_requests_total", health) - value(before, "devicekeeper_http_requests_total", health)).toBe(3);
    expect(metricValue(after, "devicekeeper_http_request_duration_seconds_count", health)).toBe(
      value(after, "devicekeeper_http_requests_total", health),
    );
    expect(
      value(after, "devicekeeper_sign_in_failures_total", failures) - value(before, "devicekeeper_sign_in_failures_total", failures),
    ).toBe(1);
    expect(value(after, "devicekeeper_session_checks_total", valid) - value(before, "devicekeeper_session_checks_total", valid)).toBe(1);
    expect(
      value(after, "devicekeeper_sessions_revoked_total", signedOut) - value(before, "devicekeeper_sessions_revoked_total", signedOut),
    ).toBe(1);
    // The scrapes themselves are requests too.
    expect(metricValue(after, "devicekeeper_http_requests_total", { method: "GET", route: "/metrics", status: "401" })).toBe(4);
  });

  test("one process, one instance of each server module, under plain node: what pages count, the front door reads", async ({
    browser,
    request,
  }) => {
    // npm start runs the compiled server with plain node: no TypeScript loader, no tsx.
    const cmdline = fs.readFileSync(`/proc/${srv().process.pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(path.basename(cmdline[0]!)).toMatch(/^node/);
    expect(cmdline.join(" ")).not.toMatch(/tsx|--import|--loader|--require|\.ts\b/);
    expect(cmdline).toContain(path.join("node_modules", "@devicekeeper", "server", "scripts", "serve.js"));
    const environ = fs.readFileSync(`/proc/${srv().process.pid}/environ`, "utf8").split("\0");
    expect(environ.find((v) => v.startsWith("NODE_OPTIONS=")) ?? "").not.toMatch(/tsx|--import|--loader|--require/);
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string>; dependencies: object };
    expect(pkg.scripts.start).toMatch(/^node [^|;&]*node_modules\/@devicekeeper\/server\/scripts\/serve\.js$/);
    expect(Object.keys(pkg.dependencies)).not.toContain("tsx");

    // Pages are rendered by Next (its own request pipeline); /metrics is answered by the front door
    // without Next. Each page's session check counts into the one registry the front door reads.
    const user = await createUserIn(db());
    const ctx = await browser.newContext({ baseURL: srv().baseURL });
    await signInOverHttp(ctx, user);
    const valid = async () => {
      const res = await request.get(url("/metrics"), { headers: bearer(METRICS_TOKEN) });
      return metricValue(await res.text(), "devicekeeper_session_checks_total", { result: "valid" }) ?? 0;
    };
    const before = await valid();
    for (const page of ["/devices", "/security", "/activity"]) expect((await ctx.request.get(page)).status(), page).toBe(200);
    const afterPages = await valid();
    expect(afterPages - before).toBe(3); // one check per page request: its layout and page share it
    // …and a request the front door answers itself counts into the same counter.
    expect((await ctx.request.get("/api/me")).status()).toBe(200);
    expect((await valid()) - afterPages).toBe(1);
    await ctx.close();
  });

  // Last: it ends the instance.
  test("SIGTERM: new connections are refused, the request in flight completes, exit code 0", async () => {
    test.setTimeout(90_000);
    const { token: serverKey } = await createTokenIn(db(), "SERVER", null);
    await pool!.end(); // the server closes the database on its way out (in PGlite mode, its socket too)
    poolEnded = true;

    // A POST whose body is half sent: the API router waits for the rest.
    const reqId = `ops-shutdown-${random()}`;
    const receiver = "http://127.0.0.1:9/after-sigterm";
    const inFlight = slowPost(
      srv().port,
      "/api/v1/webhooks",
      { ...basic(serverKey), "X-Request-Id": reqId },
      JSON.stringify({ url: receiver, events: ["session.*"], description: "created across a SIGTERM" }),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      srv()
        .logLines()
        .some((l) => l.reqId === reqId),
    ).toBe(false); // not answered yet

    const sigtermAt = Date.now();
    srv().process.kill("SIGTERM");
    await expect
      .poll(
        () =>
          srv()
            .logLines()
            .some((l) => l.signal === "SIGTERM"),
        { timeout: 5_000 },
      )
      .toBe(true);
    // No new connections: the balancer's readiness probe and any request are refused.
    expect(await probe(srv().port, "/api/ready")).toBe("ECONNREFUSED");
    expect(await probe(srv().port, "/api/health")).toBe("ECONNREFUSED");
    // The process waits for the request in flight.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(srv().process.exitCode).toBeNull();

    inFlight.finish();
    const res = await inFlight.response;
    expect(res.status, res.body).toBe(201);
    expect(res.headers["x-request-id"]).toBe(reqId);
    const created = JSON.parse(res.body) as { id: string; url: string; secret: string };
    expect(created.url).toBe(receiver);
    expect(created.id).toMatch(UUID);
    expect(created.secret).toMatch(/^whsec_/);

    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      srv().exited,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 15_000 - (Date.now() - sigtermAt)))),
    ]).finally(() => clearTimeout(timer));
    expect(exit, "exited within 15 s of SIGTERM").not.toBeNull();
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit!.at - sigtermAt).toBeLessThan(15_000);
    expect(exit!.at - res.at).toBeLessThan(5_000); // it left soon after the last request, not at the grace period's end

    // In the log: the shutdown, then the request answered, then "stopped" last.
    const lines = srv().logLines();
    const at = (pred: (l: (typeof lines)[number]) => boolean) => lines.findIndex(pred);
    const sigterm = at((l) => l.signal === "SIGTERM");
    const answered = at((l) => l.reqId === reqId && l.msg === "request");
    expect(lines[answered]).toMatchObject({ method: "POST", path: "/api/v1/webhooks", status: 201 });
    // Timed from its arrival: it was in the server before the SIGTERM (1 s) and after it (1.5 s).
    expect(Number(lines[answered]!.ms)).toBeGreaterThan(2_400);
    expect(sigterm).toBeGreaterThanOrEqual(0);
    expect(answered).toBeGreaterThan(sigterm);
    expect(lines.at(-1)?.msg).toBe("stopped");
    expect(lines.some((l) => typeof l.msg === "string" && l.msg.includes("still in flight after the grace period"))).toBe(false);
  });
});
