// Two production instances, A and B, on one PostgreSQL database — what a load balancer in front of
// several instances relies on: they start together on an empty database and migrate it once; a
// session is one row, so it works on either instance and ends on both at once; brute-force counts
// live in the database, not in a process; each webhook event reaches its receiver once, although
// both instances run a webhook worker. (Each instance is a separate `scripts/serve.ts` process on
// its own port; the suite's shared e2e server is not used here.)
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { signInOverHttp, signInWithForm, UA } from "./support/auth";
import { basic, bearer } from "./support/api";
import {
  createDatabase,
  createTokenIn,
  createUserIn,
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

/** SIGNIN_MAX_FAILURES for both instances: failures split between them stay below it per instance. */
const MAX_FAILURES = 6;
const METRICS_TOKEN = `multi-metrics-${Date.now().toString(36)}`;

test.describe("two instances on one PostgreSQL database", () => {
  test.skip(!usesPostgres(), "needs PostgreSQL (DATABASE_URL=postgres://…): the embedded PGlite database serves a single process");
  test.describe.configure({ mode: "serial" });

  let dbName: string | undefined;
  let pool: pg.Pool | undefined;
  let A: Instance | undefined;
  let B: Instance | undefined;
  const a = () => A!;
  const b = () => B!;
  const db = () => pool!;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dbName = await createDatabase("devicekeeper_multi");
    const portA = await freePort();
    let portB = await freePort();
    while (portB === portA) portB = await freePort();
    const env = { DATABASE_URL: databaseUrl(dbName), SIGNIN_MAX_FAILURES: String(MAX_FAILURES), METRICS_TOKEN, SHUTDOWN_GRACE_MS: "5000" };
    // Started in the same tick, on a database without a single migration: both find them pending.
    A = startInstance("A", portA, env);
    B = startInstance("B", portB, env);
    await Promise.all([A.waitReady(200_000), B.waitReady(200_000)]);
    pool = testPool(databaseUrl(dbName), 2);
  });

  test.afterAll(async () => {
    test.setTimeout(60_000);
    try {
      const exits = await Promise.all([A?.stop(), B?.stop()]);
      // Both shut down cleanly (scripts/serve.ts: SIGTERM → exit 0).
      for (const exit of exits) if (exit) expect(exit.code).toBe(0);
    } finally {
      await pool?.end();
      if (dbName) await dropDatabase(dbName);
    }
  });

  test("a migration run by both instances at once is applied once", async () => {
    const dir = path.join(process.cwd(), "prisma", "migrations");
    const migrations = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
      .map((d) => d.name)
      .sort();
    expect(migrations.length).toBeGreaterThan(0);
    const { rows } = await db().query<{ name: string; n: number; done: boolean }>(
      `SELECT migration_name AS name, count(*)::int AS n, bool_and(finished_at IS NOT NULL AND rolled_back_at IS NULL) AS done
         FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrations.map((name) => ({ name, n: 1, done: true })));

    // Each instance says how many it applied: one all of them, the other none (it waited for the lock).
    const appliedBy = (i: Instance) =>
      i
        .logLines()
        .map((l) => String(l.msg ?? ""))
        .filter((m) => m.startsWith("Applied migration "));
    expect([...appliedBy(a()), ...appliedBy(b())].sort()).toEqual(migrations.map((m) => `Applied migration ${m}`));
    const summary = (i: Instance) => {
      const line = i
        .logLines()
        .map((l) => String(l.msg ?? ""))
        .find((m) => / migration\(s\) applied/.test(m));
      expect(line, `${i.name} logs how many migrations it applied`).toBeTruthy();
      return Number(/(\d+) migration\(s\) applied/.exec(line!)![1]);
    };
    expect([summary(a()), summary(b())].sort((x, y) => x - y)).toEqual([0, migrations.length]);
    // For the record: whether the instance that applied none was already running before the other had finished.
    const [applier, waiter] = summary(a()) > 0 ? [a(), b()] : [b(), a()];
    const times = (i: Instance, re: RegExp) =>
      i
        .logLines()
        .filter((l) => re.test(String(l.msg)))
        .map((l) => ({ time: Number(l.time), msg: String(l.msg) }));
    const lastApplied = Math.max(...times(applier, /^Applied migration /).map((t) => t.time));
    const waiterSummary = times(waiter, / migration\(s\) applied/)[0]!;
    const waiterStart = waiterSummary.time - Number(/ready in (\d+) ms/.exec(waiterSummary.msg)?.[1] ?? 0);
    test.info().annotations.push({
      type: "migrations",
      description: `${applier.name} applied ${migrations.length}; ${waiter.name} started ${lastApplied - waiterStart} ms before ${applier.name} applied the last one`,
    });
    // Both report ready: the database answers and no migration is pending.
    for (const i of [a(), b()]) {
      const ready = await fetch(`${i.baseURL}/api/ready`);
      expect(ready.status, i.name).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", database: "ok", migrations: "ok" });
    }
  });

  test("a device deleted through B signs its browser out of A on its very next request", async ({ browser }) => {
    const user = await createUserIn(db());
    const onA = await browser.newContext({ baseURL: a().baseURL, userAgent: UA.mac });
    const onB = await browser.newContext({ baseURL: b().baseURL, userAgent: UA.linux });
    await signInOverHttp(onA, user);
    await signInOverHttp(onB, user);
    const deviceA: string = (await (await onA.request.get("/api/me")).json()).session.deviceId;

    const pageA = await onA.newPage();
    await pageA.goto("/devices");
    await expect(pageA.getByRole("heading", { name: "Your devices" })).toBeVisible();
    await expect(pageA.locator(`li[data-device-id="${deviceA}"]`).getByText("This device")).toBeVisible();
    const pageB = await onB.newPage();
    await pageB.goto("/devices");
    await expect(pageB.locator("li[data-device-id]")).toHaveCount(2);

    // The user, on their other browser (signed in through B), removes the first browser's device.
    const { token } = await createTokenIn(db(), "PERSONAL", user.id);
    const removed = await onB.request.delete(`/api/v1/settings/devices/${deviceA}`, { headers: bearer(token) });
    expect(removed.status()).toBe(200);
    expect(await removed.json()).toEqual({ message: "Device successfully removed" });

    // A never heard of it, yet its next answer to that browser is "signed out".
    await pageA.goto("/devices");
    await expect(pageA).toHaveURL(/\/sign-in$/);
    expect((await onA.request.get("/api/me")).status()).toBe(401);
    const { rows: sessions } = await db().query(`SELECT "revokedReason" FROM "Session" WHERE "deviceId" = $1`, [deviceA]);
    expect(sessions).toEqual([{ revokedReason: "DEVICE_DELETED" }]);

    // The other browser is untouched, on either instance, and no longer lists the removed device.
    await pageB.reload();
    await expect(pageB.getByRole("heading", { name: "Your devices" })).toBeVisible();
    await expect(pageB.locator("li[data-device-id]")).toHaveCount(1);
    await expect(pageB.locator(`li[data-device-id="${deviceA}"]`)).toHaveCount(0);
    expect((await onB.request.get(`${a().baseURL}/api/me`)).status()).toBe(200);
    // Counted by the instance that ended the session.
    expect(metricValue(await scrapeMetrics(b(), METRICS_TOKEN), "devicekeeper_sessions_revoked_total", { reason: "device_deleted" })).toBe(
      1,
    );
    expect(metricValue(await scrapeMetrics(a(), METRICS_TOKEN), "devicekeeper_sessions_revoked_total", { reason: "device_deleted" })).toBe(
      undefined,
    );
    await onA.close();
    await onB.close();
  });

  test("a session started on A works on B, and signing out on B ends it on A", async ({ browser, playwright }) => {
    const user = await createUserIn(db());
    const ctx = await browser.newContext({ baseURL: a().baseURL, userAgent: UA.windows });
    await signInOverHttp(ctx, user);
    const meOnA = await (await ctx.request.get("/api/me")).json();
    expect(meOnA.user).toMatchObject({ id: user.id, email: user.email, name: user.name });

    // The same cookies (cookies do not depend on the port) presented to B.
    const meOnB = await ctx.request.get(`${b().baseURL}/api/me`);
    expect(meOnB.status()).toBe(200);
    expect(await meOnB.json()).toEqual(meOnA);
    const page = await ctx.newPage();
    await page.goto(`${b().baseURL}/devices`);
    await expect(page).toHaveURL(`${b().baseURL}/devices`);
    await expect(page.getByRole("heading", { name: "Your devices" })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("button", { name: user.name })).toBeVisible();
    await expect(page.locator(`li[data-device-id="${meOnA.session.deviceId}"]`).getByText("This device")).toBeVisible();

    // next-auth's sign-out through B; the cookie, still presented to A, no longer works there.
    const cookieBefore = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const { csrfToken } = await (await ctx.request.get(`${b().baseURL}/api/auth/csrf`)).json();
    expect((await ctx.request.post(`${b().baseURL}/api/auth/signout`, { form: { csrfToken, json: "true" } })).ok()).toBeTruthy();
    const copy = await playwright.request.newContext({ baseURL: a().baseURL, extraHTTPHeaders: { cookie: cookieBefore } });
    expect((await copy.get("/api/me")).status()).toBe(401);
    await copy.dispose();
    await ctx.close();
  });

  test("wrong passwords for one account add up across A and B", async ({ browser }) => {
    const user = await createUserIn(db());
    const attackerIp = "203.0.113.77";
    const attacker = await browser.newContext({ baseURL: b().baseURL, extraHTTPHeaders: { "X-Forwarded-For": attackerIp } });
    const { csrfToken } = await (await attacker.request.get(`${a().baseURL}/api/auth/csrf`)).json();
    const attempt = async (via: Instance, password: string) => {
      const res = await attacker.request.post(`${via.baseURL}/api/auth/callback/credentials`, {
        form: { csrfToken, email: user.email, password, json: "true" },
      });
      const { url } = (await res.json()) as { url: string };
      return { status: res.status(), error: new URL(url).searchParams.get("error") };
    };
    const failures = async () =>
      (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuthFailure" WHERE ip = $1`, [attackerIp])).rows[0]!.n;

    // MAX_FAILURES wrong passwords, alternating: half through A, half through B — below the limit on each.
    for (let i = 0; i < MAX_FAILURES; i++) {
      const via = i % 2 === 0 ? a() : b();
      expect(await attempt(via, `guess-${i}`), `wrong password #${i + 1}, through ${via.name}`).toEqual({
        status: 401,
        error: "CredentialsSignin",
      });
    }
    expect(await failures()).toBe(MAX_FAILURES);

    // Together they reach it: the right password is refused through either instance.
    for (const via of [a(), b()]) {
      const locked = await attempt(via, user.password);
      expect(locked.status, `right password through ${via.name}`).toBe(401);
      expect(locked.error, `right password through ${via.name}`).toMatch(/^LOCKED:\d+$/);
      const seconds = Number(locked.error!.split(":")[1]);
      expect(seconds).toBeGreaterThan(14 * 60);
      expect(seconds).toBeLessThanOrEqual(15 * 60);
    }
    expect((await attacker.request.get("/api/me")).status()).toBe(401);
    // The sign-in form through B says so.
    const page = await attacker.newPage();
    await signInWithForm(page, user);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many attempts. Try again in 15 minutes.");
    await expect(page).toHaveURL(/\/sign-in/);
    // Locked attempts are not counted.
    expect(await failures()).toBe(MAX_FAILURES);
    // Each instance counted the wrong passwords it checked itself: half each.
    for (const i of [a(), b()])
      expect(metricValue(await scrapeMetrics(i, METRICS_TOKEN), "devicekeeper_sign_in_failures_total", { kind: "password" }), i.name).toBe(
        MAX_FAILURES / 2,
      );

    // The account's owner, on another client, signs in through B (and A).
    const owner = await browser.newContext({ baseURL: b().baseURL, extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.77" } });
    await signInOverHttp(owner, user);
    expect((await owner.request.get(`${a().baseURL}/api/me`)).status()).toBe(200);
    await attacker.close();
    await owner.close();
  });

  test("each webhook event is delivered exactly once while both instances run their worker", async ({ browser, request }) => {
    test.setTimeout(150_000);
    type Received = { headers: http.IncomingHttpHeaders; body: string };
    const received: Received[] = [];
    // A receiver that takes a moment to answer, so that deliveries overlap with both workers' rounds.
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        setTimeout(() => res.writeHead(204).end(), 150);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    try {
      const { token: serverKey } = await createTokenIn(db(), "SERVER", null);
      const created = await request.post(`${a().baseURL}/api/v1/webhooks`, {
        headers: basic(serverKey),
        data: { url: receiverUrl, events: ["*"], description: "two instances" },
      });
      expect(created.status(), await created.text()).toBe(201);
      const endpoint = (await created.json()) as { id: string; secret: string; url: string };
      expect(endpoint.url).toBe(receiverUrl);
      expect(endpoint.secret).toMatch(/^whsec_/);

      // Events: USERS users, each signing in on two new browsers — one through A, one through B.
      // Each sign-in on a new browser is a session.created and a device.created event.
      const USERS = 4;
      const users = await Promise.all(Array.from({ length: USERS }, () => createUserIn(db())));
      for (const user of users)
        for (const via of [a(), b()]) {
          const ctx = await browser.newContext({ baseURL: via.baseURL });
          await signInOverHttp(ctx, user);
          await ctx.close();
        }
      const expectedPerUser = 4;
      const payloads = () => received.map((r) => JSON.parse(r.body) as { id: string; type: string; data: { user_id: string } });
      const ours = (userId: string) => payloads().filter((p) => p.data.user_id === userId);
      await expect
        .poll(() => users.map((u) => ours(u.id).length), { timeout: 90_000, intervals: [500] })
        .toEqual(users.map(() => expectedPerUser));
      // Anything sent twice would arrive within a few more polling rounds.
      await new Promise((r) => setTimeout(r, 5_000));

      const ids = received.map((r) => r.headers["webhook-id"] as string);
      const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(duplicates, "webhook-ids received more than once").toEqual([]);
      const webhook = new Webhook(endpoint.secret);
      for (const r of received) {
        const payload = webhook.verify(r.body, r.headers as Record<string, string>) as { id: string };
        expect(payload.id).toBe(r.headers["webhook-id"]);
      }
      for (const user of users) {
        const events = ours(user.id);
        expect(events.map((e) => e.type).sort(), user.email).toEqual([
          "device.created",
          "device.created",
          "session.created",
          "session.created",
        ]);
      }

      // The database agrees: every delivery succeeded on its first attempt, and what was sent is what arrived, in order per user.
      const { rows: deliveries } = await db().query<{ eventId: string; userId: string; status: string; attempts: number }>(
        `SELECT "eventId", "userId"::text AS "userId", status::text AS status, attempts FROM "WebhookDelivery" WHERE "endpointId" = $1 ORDER BY seq`,
        [endpoint.id],
      );
      expect(deliveries.map((d) => d.eventId).sort()).toEqual([...ids].sort());
      expect(deliveries.filter((d) => d.status !== "SUCCEEDED" || d.attempts !== 1)).toEqual([]);
      for (const user of users)
        expect(
          received
            .map((r) => JSON.parse(r.body) as { id: string; data: { user_id: string } })
            .filter((p) => p.data.user_id === user.id)
            .map((p) => p.id),
          `${user.email}: in order`,
        ).toEqual(deliveries.filter((d) => d.userId === user.id).map((d) => d.eventId));

      // The two workers' own counts add up to what arrived (each delivery attempted by one of them).
      const sent = await Promise.all(
        [a(), b()].map(
          async (i) =>
            metricValue(await scrapeMetrics(i, METRICS_TOKEN), "devicekeeper_webhook_deliveries_total", { result: "success" }) ?? 0,
        ),
      );
      test.info().annotations.push({ type: "deliveries", description: `A sent ${sent[0]}, B sent ${sent[1]} of ${received.length}` });
      expect(sent[0]! + sent[1]!).toBe(received.length);
      expect(received.length).toBe(USERS * expectedPerUser);
    } finally {
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });
});
