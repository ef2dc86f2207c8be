// bench/lighthouse: Lighthouse (desktop preset, performance only) on /sign-in and on alice's /devices,
// against the production build on the embedded database with the demo data, three runs each in
// Debian's Chromium; prints each run and the median score beside #25's target (≥ 95). Not part of
// CI. Lighthouse is not a dependency: npx fetches lighthouse@12.2.3 (it runs on Node 20) the first time.
// Run: npm run build && npm run bench:lighthouse   (CHROME_PATH to use another Chromium; RUNS=n)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signIn, withBenchServer } from "./lib";

const TARGET = 95;
const RUNS = Number(process.env.RUNS) || 3;
const CHROME = process.env.CHROME_PATH || "/usr/bin/chromium";

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
const out = fs.mkdtempSync(path.join(os.tmpdir(), "dk-lighthouse-"));
await withBenchServer("pglite", async ({ base }) => {
  const cookie = await signIn(base, "alice@example.com", "devicekeeper");
  for (const [page, headers] of [
    ["/sign-in", null],
    ["/devices", { cookie }],
  ] as const) {
    const scores: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const file = path.join(out, `${page.slice(1)}-${run}.json`);
      const args = [
        "--yes",
        "lighthouse@12.2.3",
        `${base}${page}`,
        "--preset=desktop",
        "--only-categories=performance",
        "--output=json",
        `--output-path=${file}`,
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
      ];
      if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`);
      execFileSync("npx", args, { env: { ...process.env, CHROME_PATH: CHROME }, stdio: ["ignore", "ignore", "inherit"] });
      const report = JSON.parse(fs.readFileSync(file, "utf8"));
      if (new URL(report.finalDisplayedUrl).pathname !== page) throw new Error(`${page} ended at ${report.finalDisplayedUrl}`);
      const a = report.audits;
      const score = Math.round(report.categories.performance.score * 100);
      scores.push(score);
      console.log(
        `  ${page.padEnd(9)} run ${run}: ${score}  FCP ${a["first-contentful-paint"].displayValue}  LCP ${a["largest-contentful-paint"].displayValue}` +
          `  TBT ${a["total-blocking-time"].displayValue}  CLS ${a["cumulative-layout-shift"].displayValue}`,
      );
    }
    const median = [...scores].sort((x, y) => x - y)[Math.floor(scores.length / 2)]!;
    console.log(`  → ${page}: median ${median} (target ≥ ${TARGET}) ${median >= TARGET ? "✔ met" : "✖ missed"}\n`);
  }
});
process.exit(0);
