// Starts the production build for the Playwright suite on a fresh database:
//   - embedded: a new PGlite directory, reachable by the tests over a loopback socket (PGLITE_SOCKET_PORT);
//   - PostgreSQL: a new database named by E2E_DATABASE_URL, created here.
// A real SMTP server (scripts/lib/test-smtp.ts) receives the security emails.
// Then the production server (the compiled scripts/serve.ts, as npm start runs it) on E2E_PORT. Builds first if there is no build.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closePglite, databaseMode } from "../server/db/adapter";
import { migrate } from "../server/db/migrate";
import { seedDemoData } from "../server/demo/seed-demo-data";
import { withCliClient } from "./lib/cli";
import { startTestSmtp } from "./lib/test-smtp";
import { serverArgs } from "./lib/server-entry";

const port = process.env.E2E_PORT;
if (!port) throw new Error("E2E_PORT is not set (playwright.config.ts sets it).");

const env: typeof process.env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: process.env.AUTH_SECRET || "e2e-secret-not-for-production-0123456789",
  // The tests are the proxy: X-Forwarded-For lets them act as distinct clients (brute-force limits).
  TRUST_PROXY: "loopback",
  // The relying party for passkeys (required in production); the passkey tests browse at localhost.
  AUTH_URL: process.env.AUTH_URL || `http://localhost:${port}`,
  // One JSON line per request would drown the test report (and the fuzz tests make Next warn on purpose).
  LOG_LEVEL: process.env.LOG_LEVEL || "error",
  // The webhook tests' receiver listens on 127.0.0.1.
  WEBHOOKS_ALLOW_PRIVATE: "1",
};

async function main() {
  if (databaseMode() === "postgres") {
    const target = new URL(process.env.E2E_DATABASE_URL!);
    const admin = new URL(target);
    admin.pathname = "/postgres";
    const { Client } = await import("pg");
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    const name = target.pathname.slice(1);
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    env.DATABASE_URL = target.toString();
  } else {
    env.PGLITE_DATA_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dk-e2e-")), "pglite");
  }
  // A real SMTP server for the security emails; what it receives goes into E2E_MAIL_DIR as JSON
  // (playwright.config.ts sets it; the benchmarks, which also start this server, do not: no mail).
  const mailDir = process.env.E2E_MAIL_DIR;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>> | null = null;
  if (mailDir) {
    fs.rmSync(mailDir, { recursive: true, force: true });
    fs.mkdirSync(mailDir, { recursive: true });
    let n = 0;
    smtp = await startTestSmtp({
      port: Number(process.env.E2E_SMTP_PORT) || 0,
      onMail: (mail) => fs.writeFileSync(path.join(mailDir, `${Date.now()}-${++n}.json`), JSON.stringify(mail)),
    });
    env.SMTP_URL = smtp.url;
  }
  // The socket belongs to the server started below, not to this preparation step.
  const prepareEnv = { ...env, PGLITE_SOCKET_PORT: "" };
  await migrate({ env: prepareEnv });
  process.env.DATABASE_URL = env.DATABASE_URL ?? "";
  process.env.PGLITE_DATA_DIR = env.PGLITE_DATA_DIR;
  process.env.PGLITE_SOCKET_PORT = "";
  // The demo data seals carol's TOTP secret: with the server's secret, or it could not open it.
  process.env.AUTH_SECRET = env.AUTH_SECRET;
  await withCliClient((db) => seedDemoData(db, { demoCredentials: true }));
  await closePglite();

  if (!fs.existsSync(".next/BUILD_ID")) {
    console.log("No production build found; running npm run build…");
    const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  // Node closes idle keep-alive sockets after 5 s; a test client reusing one at that instant gets
  // ECONNRESET. Keep them open longer than any pause in a test.
  const server = spawn(process.execPath, serverArgs(["-p", port!, "-H", "127.0.0.1", "--keepAliveTimeout", "65000"]), {
    stdio: "inherit",
    env: { ...env, SEED_DEMO_DATA: "0" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => {
    if (env.PGLITE_DATA_DIR) fs.rmSync(path.dirname(env.PGLITE_DATA_DIR), { recursive: true, force: true });
    if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
    void smtp?.close();
    process.exit(code ?? 0);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
