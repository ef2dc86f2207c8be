// The server process: check the configuration, apply pending migrations (and, on an empty
// embedded database, load the demo data), then serve on one port — the front door taking the
// REST API and /metrics itself, everything else to Next — and run the background work.
//
// Compiled into the server package (scripts/build-server.mjs) with the rest of the server, and
// run by plain node:  npm start  =  node node_modules/@devicekeeper/server/scripts/serve.js
//   [--dev] [-p PORT] [-H HOST] [--keepAliveTimeout MS]        (npm run dev adds --dev)
// Next loads the same compiled modules as an external package, so this process holds one
// instance of each: the database pool, the logger, the metrics, every cache.
// With SERVER_PROCESSES above 1 (PostgreSQL only), this process checks and migrates, then starts
// that many copies of itself on the same port and looks after them (server/boot/supervise.ts);
// each copy takes the worker path of main() and serves, as one instance does.
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    keepAliveTimeout: { type: "string" },
  },
});
const dev = values.dev;
// React and Next choose their builds from NODE_ENV when first loaded: set it before importing them.
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  const started = Date.now();
  const { logger, routeConsoleToLogger } = await import("../server/observability/logger");
  // Production writes JSON lines only: Next's and libraries' console output goes through the logger too.
  if (!dev) routeConsoleToLogger();
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const hostname = values.hostname ?? process.env.HOSTNAME;
  const origin = `http://${hostname ?? "localhost"}:${port}`;
  // next-auth builds its own URLs (callback answers, redirects) from NEXTAUTH_URL alone.
  process.env.NEXTAUTH_URL ??= process.env.AUTH_URL || origin;
  const { serverProcessNumber } = await import("../server/observability/cluster");
  // One of several processes on this port (SERVER_PROCESSES): the primary has checked the settings
  // and applied the migrations; this one serves. Its metrics first, so the primary's collection
  // finds it answering while Next prepares.
  if (serverProcessNumber()) {
    await import("../server/observability/metrics");
    return serve({ started, port, hostname, origin, isWorker: true });
  }

  const { databaseMode, pgliteDataDir, closeDatabase, openPglite } = await import("../server/db/adapter");
  const { migrate } = await import("../server/db/migrate");
  const { getAuthSecret } = await import("../server/config");
  const mode = databaseMode();
  getAuthSecret(); // fail now, with a clear message, rather than on the first sign-in
  const { processCount } = await import("../server/boot/processes");
  const processes = processCount({ dev, engine: mode }); // a malformed SERVER_PROCESSES stops the start too
  const { mailMode, smtpUrl } = await import("../server/mail/mail-config");
  const mail = mailMode();
  if (mail === "smtp") smtpUrl(); // a malformed SMTP_URL stops the start, like a missing secret
  // Embedded: a second process on the same data directory fails here, at once and clearly, and
  // the loopback socket (PGLITE_SOCKET_PORT) is up before any traffic.
  if (mode === "pglite") await openPglite();
  const applied = await migrate({ log: (m) => logger.info(m) });
  const wantDemo = process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === "1" : mode === "pglite";
  const { db } = await import("../server/db/client");
  const { seedDemoData } = await import("../server/demo/seed-demo-data");
  // The well-known demo API keys only on the embedded demo database, never on a PostgreSQL server.
  const seeded =
    wantDemo && (await db.user.count()) === 0 ? (await seedDemoData(db, { demoCredentials: mode === "pglite" })).created : false;
  const rel = path.relative(process.cwd(), pgliteDataDir());
  const where = mode === "pglite" ? `embedded database (${rel.startsWith("..") ? pgliteDataDir() : rel})` : "PostgreSQL";
  logger.info(
    `✔ ${where} ready in ${Date.now() - started} ms — ${applied} migration(s) applied${seeded ? ", demo data loaded (password: devicekeeper)" : ""}`,
  );
  if (mail === "smtp") logger.info(`✔ Security emails go through ${new URL(process.env.SMTP_URL!).host}`);
  else if (mail === "capture") logger.info("Security emails are kept in the dev outbox: see /dev/mail (set SMTP_URL to send them)");
  else logger.warn("Mail is off: SMTP_URL is not set, so no security email (new device, password reset…) is sent");
  if (mode === "pglite")
    logger.info("The embedded database serves this one process: for several instances, use PostgreSQL (DATABASE_URL).");
  if (processes.ignored) logger.warn(processes.ignored);
  if (processes.hint) logger.info(processes.hint);

  if (processes.count > 1) {
    // The primary serves nothing: its connections go before the processes open theirs.
    await closeDatabase();
    const { superviseWorkers } = await import("../server/boot/supervise");
    superviseWorkers({
      count: processes.count,
      onReady: () =>
        logger.info(
          `✔ Devicekeeper on ${origin} — ${processes.count} server processes (SERVER_PROCESSES) — ready in ${Date.now() - started} ms`,
        ),
    });
    return;
  }
  await serve({ started, port, hostname, origin, isWorker: false });
}

/** Serves the port: the front door (the REST API, the provider, Next) and the background work, until SIGTERM or SIGINT. */
async function serve({
  started,
  port,
  hostname,
  origin,
  isWorker,
}: {
  started: number;
  port: number;
  hostname: string | undefined;
  origin: string;
  /** One of several processes on the port, started by the primary. */
  isWorker: boolean;
}) {
  const { logger } = await import("../server/observability/logger");
  const { closeDatabase } = await import("../server/db/adapter");
  const { startFrontDoor } = await import("../server/http/front-door");
  const server = await startFrontDoor({
    dev,
    port,
    hostname,
    keepAliveTimeoutMs: values.keepAliveTimeout ? Number(values.keepAliveTimeout) : undefined,
    routes: async () => (await import("../server/boot/front-door-routes")).frontDoorRoutes(),
  });
  const { schedulePrune } = await import("../server/maintenance/prune");
  const stopPruning = schedulePrune();
  const { startBackgroundWorker } = await import("../server/jobs/background-worker");
  const { fanOut } = await import("../server/webhooks/fan-out");
  const { deliverDue } = await import("../server/webhooks/deliver-webhooks");
  const { deliverMail, closeMailTransport, MAIL_BATCH } = await import("../server/mail/deliver-mail");
  const { signInNowOf } = await import("../server/mfa/second-factor-policy");
  const { deliverLogouts, LOGOUT_BATCH, LOGOUT_GATHER_MS } = await import("../server/oidc/logout-outbox");
  const { sweepEndedSessions } = await import("../server/oidc/session-activity");
  const { refreshSigningKeys, signingKeysRotated } = await import("../server/oidc/provider");
  const { KEYS_CHANNEL } = await import("../server/oidc/signing-keys");
  const { listen } = await import("../server/db/listen");
  const LOGOUT_WORKER = "back-channel logout worker";
  const KEY_WATCHER = "signing key watcher";
  const worker = startBackgroundWorker({
    tasks: [
      { name: "webhook worker", run: async () => (await fanOut()) + (await deliverDue()) },
      { name: "mail worker", run: () => deliverMail({ signInNow: signInNowOf }), batch: MAIL_BATCH },
      {
        name: LOGOUT_WORKER,
        run: async () => (await sweepEndedSessions()) + (await deliverLogouts()),
        batch: LOGOUT_BATCH,
        gatherMs: LOGOUT_GATHER_MS,
      },
      { name: KEY_WATCHER, run: () => refreshSigningKeys() },
    ],
  });
  const unlisten = await listen({
    // A session that ends queues its apps' logouts and notifies: they go out at once, not at the next poll.
    devicekeeper_logout: () => worker.wake(LOGOUT_WORKER),
    // `npm run oidc:rotate-keys` (or another instance) rotated the signing keys: sign with the new one at once.
    [KEYS_CHANNEL]: () => (signingKeysRotated(), worker.wake(KEY_WATCHER)),
  });
  if (isWorker) logger.info(`✔ Server process ${process.pid} serving ${origin}`);
  else logger.info(`✔ Devicekeeper${dev ? " (development)" : ""} on ${origin} — ready in ${Date.now() - started} ms`);

  const { markDraining } = await import("../server/http/readiness");
  let stopping = false;
  // Graceful shutdown: /api/ready turns 503, the server stops accepting, in-flight requests finish
  // (at most SHUTDOWN_GRACE_MS, default 10 s, then their connections are cut), the background
  // worker (webhooks, mail) finishes its current round, the database closes, exit 0.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const grace = Number(process.env.SHUTDOWN_GRACE_MS) || 10_000;
    logger.info({ signal }, `${signal}: shutting down — finishing in-flight requests (at most ${grace / 1000} s)`);
    markDraining();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections go as soon as they are idle, not when their client decides.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => {
      logger.warn("shutdown: requests still in flight after the grace period; closing their connections");
      server.closeAllConnections();
    }, grace);
    await closed;
    clearInterval(idle);
    clearTimeout(force);
    stopPruning();
    await unlisten();
    await worker.stop();
    closeMailTransport();
    await closeDatabase();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch(async (e: unknown) => {
  const { ConfigError } = await import("../server/config");
  const { DatabaseConfigError } = await import("../server/db/adapter");
  const known = e instanceof ConfigError || e instanceof DatabaseConfigError;
  console.error(known ? `\n✖ ${(e as Error).message}\n` : e);
  process.exit(1);
});
