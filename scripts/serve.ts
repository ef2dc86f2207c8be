// `npm run dev` and `npm start`: check the configuration, apply pending migrations (and, on an
// empty embedded database, load the demo data), then serve — the REST API from its own router,
// everything else from Next — on one port. One process opens the embedded database once.
//   tsx --conditions=react-server scripts/serve.ts [--dev] [-p PORT] [-H HOST] [--keepAliveTimeout MS]
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
  const { databaseMode, pgliteDataDir, closePglite } = await import("../prisma/adapter");
  const { migrate } = await import("../prisma/migrate");
  const { seedDemoData } = await import("../prisma/seed");
  const { getAuthSecret } = await import("../server/config");
  const mode = databaseMode();
  getAuthSecret(); // fail now, with a clear message, rather than on the first sign-in
  const applied = await migrate({ log: (m) => console.log(`  ${m}`) });
  const wantDemo = process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === "1" : mode === "pglite";
  const { db } = await import("../server/db");
  const seeded = wantDemo && (await db.user.count()) === 0 ? (await seedDemoData(db, { demoCredentials: true })).created : false;
  const rel = path.relative(process.cwd(), pgliteDataDir());
  const where = mode === "pglite" ? `embedded database (${rel.startsWith("..") ? pgliteDataDir() : rel})` : "PostgreSQL";
  console.log(
    `✔ ${where} ready in ${Date.now() - started} ms — ${applied} migration(s) applied${seeded ? ", demo data loaded (password: devicekeeper)" : ""}`,
  );

  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const hostname = values.hostname ?? process.env.HOSTNAME;
  const { startFrontDoor } = await import("../server/http/front-door");
  const server = await startFrontDoor({
    dev,
    port,
    hostname,
    keepAliveTimeoutMs: values.keepAliveTimeout ? Number(values.keepAliveTimeout) : undefined,
  });
  console.log(
    `✔ Devicekeeper${dev ? " (development)" : ""} on http://${hostname ?? "localhost"}:${port} — ready in ${Date.now() - started} ms`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing…`);
    // Stop accepting, let in-flight requests finish (bounded), then close the database.
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    server.close(() => void closePglite().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((e: unknown) => {
  const known = e instanceof Error && ["ConfigError", "DatabaseConfigError"].includes(e.name);
  console.error(known ? `\n✖ ${(e as Error).message}\n` : e);
  process.exit(1);
});
