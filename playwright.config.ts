import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { defineConfig, devices } from "@playwright/test";

// Workers re-evaluate this file: choose ports (and the PostgreSQL database) once, in the runner
// process, and hand them down through the environment.
const freePort = () =>
  execFileSync(
    process.execPath,
    ["-e", "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
    { encoding: "utf8" },
  ).trim();
process.env.E2E_PORT ??= freePort();
const usePostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
if (usePostgres) {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/devicekeeper_e2e_${process.env.E2E_PORT}`;
  process.env.E2E_DATABASE_URL ??= url.toString();
} else {
  process.env.PGLITE_SOCKET_PORT ??= freePort();
  process.env.E2E_DATABASE_URL ??= `postgres://postgres@127.0.0.1:${process.env.PGLITE_SOCKET_PORT}/postgres`;
}
// The server's security emails go to a real SMTP server that scripts/e2e-server.ts starts; each
// message it receives is written as JSON into this directory, where e2e/support/mail.ts reads it.
process.env.E2E_SMTP_PORT ??= freePort();
process.env.E2E_MAIL_DIR ??= `${os.tmpdir()}/dk-e2e-mail-${process.env.E2E_PORT}`;
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
// Debian's chromium-headless-shell when installed (.ci/run installs it): the suite runs ~⅓ faster
// on it than on the full browser, whose headless mode also starts the browser's own UI pages.
const chromium = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
// Specs whose subject does not depend on the database engine — layout at each width, themes,
// accessibility, response headers, the API reference page. CI's PostgreSQL pass sets
// E2E_SKIP_ENGINE_INDEPENDENT: the embedded-database pass ran them on the same build minutes before.
const engineIndependent = ["accessibility", "phone", "theme", "csp", "api-docs", "dev-mail-preview"].map((name) => `${name}.spec.ts`);

export default defineConfig({
  testDir: "e2e",
  testIgnore: process.env.E2E_SKIP_ENGINE_INDEPENDENT === "1" ? engineIndependent : [],
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // A failed test keeps its trace (actions, DOM snapshots, network) but not a screencast: recording
    // screenshots of every test made Chromium the busiest process on CI's 2 cores (device-actions, mfa and
    // devices-page: 2.0 min with them, 1.3 without, 1.1 with no trace at all, back to back).
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      executablePath: chromium,
      // The machine has no internet: keep Chromium from trying to reach Google's services.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
    url: `${baseURL}/sign-in`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
