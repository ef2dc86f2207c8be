// bench/page-weight: first-load JavaScript per page — the sum of the gzip sizes of the scripts
// each page's HTML references — for /sign-in, /devices, /security and /admin/users, against
// the production build. Targets (#10): /sign-in ≤ 90 KB, /devices ≤ 130 KB. Printed twice: every
// script (as #10 measured it), and without `noModule` ones (Next's core-js polyfills, which no
// browser that runs modules downloads). The floor: /admin/users has no client component of ours.
// Run: npm run build && npm run bench:page-weight
import fs from "node:fs";
import zlib from "node:zlib";
import { createBenchUser, BENCH_PASSWORD, signIn, withBenchServer } from "./lib";

const TARGETS: Record<string, number> = { "/sign-in": 90, "/devices": 130 };

async function weigh(base: string, path: string, cookie?: string) {
  const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  const html = await res.text();
  const tags = [
    ...new Map([...html.matchAll(/<script([^>]+)src="([^"]+)"([^>]*)>/g)].map((m) => [m[2]!, /nomodule/i.test(m[1]! + m[3]!)])),
  ];
  let total = 0;
  let modern = 0;
  const sizes: [string, number][] = [];
  for (const [src, noModule] of tags) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    const gz = zlib.gzipSync(body, { level: 9 }).length;
    sizes.push([`${src.split("/").at(-1)!}${noModule ? " (noModule)" : ""}`, gz]);
    total += gz;
    if (!noModule) modern += gz;
  }
  return { total, modern, scripts: sizes.sort((a, b) => b[1] - a[1]) };
}

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
await withBenchServer("pglite", async ({ base, db }) => {
  const admin = await createBenchUser(db, { role: "ADMIN" });
  const cookie = await signIn(base, admin.email, BENCH_PASSWORD);
  console.log("First-load JavaScript (gzip -9 of every script the HTML references)");
  for (const [path, authed] of [
    ["/sign-in", false],
    ["/devices", true],
    ["/security", true],
    ["/admin/users", true],
  ] as const) {
    const w = await weigh(base, path, authed ? cookie : undefined);
    const kb = w.total / 1024;
    const modern = w.modern / 1024;
    const target = TARGETS[path];
    console.log(
      `  ${path.padEnd(14)} ${kb.toFixed(1).padStart(6)} KB in ${w.scripts.length} scripts, ${modern.toFixed(1).padStart(6)} KB without noModule${target ? `   (target ≤ ${target} KB) ${modern <= target ? "✔ met" : "✖ missed"}` : ""}`,
    );
    if (process.env.VERBOSE) for (const [name, size] of w.scripts) console.log(`      ${(size / 1024).toFixed(1).padStart(6)} KB  ${name}`);
  }
});
process.exit(0);
